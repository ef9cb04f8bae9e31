import type { SyncedRow } from "../core/define-table";
import { changeFromRow, mergeRow } from "../core/merge-rows";
import { TABLE_NAMES, type TableName, tableDef } from "../core/tables";
import { maxIso } from "../core/time";
import { untrackedTransaction } from "./change-tracking";
import { type DomusDb, type StampedValue, outboxKey } from "./db";
import { advanceStoredHlc, getMeta } from "./meta";
import { rowsOf } from "./outbox";
import { preferenceId } from "./preference-id";
import type { Owner } from "./repository";

interface Adopted {
  table: TableName;
  row: SyncedRow;
}

function reown(table: TableName, row: SyncedRow, owner: Owner | null): SyncedRow {
  if (!owner) return row;
  // Preference ids derive from the user; a local preference takes its new owner's id.
  const id = table === "preferences" && typeof row.key === "string" ? preferenceId(owner.userId, row.key) : row.id;
  return { ...row, id, householdId: owner.householdId, userId: owner.userId, syncedAt: null };
}

async function adoptRow(userDb: DomusDb, { table, row }: Adopted): Promise<void> {
  const def = tableDef(table);
  const rows = rowsOf(userDb, table);
  const existing = await rows.get(row.id);
  await rows.put(existing ? mergeRow(def, existing, changeFromRow(def, row)).row : row);
  const key = outboxKey(table, row.id);
  const entry = await userDb.outbox.get(key);
  const fields: Record<string, StampedValue> = { ...entry?.fields };
  for (const f of def.mergeFields) {
    const ts = row.fieldUpdatedAt[f] ?? row.updatedAt;
    const have = fields[f];
    if (!have || ts > have.ts) fields[f] = { value: row[f], ts };
  }
  await userDb.outbox.put({
    key,
    table,
    rowId: row.id,
    fields,
    // A row already in the user's database came from the server; otherwise it is new there.
    isNew: existing ? (entry?.isNew ?? false) : true,
    status: "pending",
    reason: null,
    sent: entry?.sent ?? {},
    changedAt: maxIso(...Object.values(fields).map((s) => s.ts)),
  });
  await advanceStoredHlc(userDb, row.updatedAt);
}

/** Passes over the local database before rows written during the move are left for the next sign-in. */
const MAX_ADOPTION_PASSES = 5;

/**
 * After local-only use, moves the rows of the local database into the user's database as pending,
 * complete rows, so the next sync uploads them into the household; then removes what it moved from
 * the local database. Rows deleted before sign-up were never seen elsewhere and are left behind. The
 * page keeps writing to the local database until the account's opens, so a row written during the
 * move (a preference set straight after sign-up) is not removed with the others: it differs from
 * what was read, and the next pass moves it too. If interrupted it can run again: rows merge by id,
 * field by field. The owner defaults to the user database's account.
 * Create the user's HLC (`loadHlc`) after this, so it starts past the adopted timestamps.
 */
export async function adoptLocalData(
  localDb: DomusDb,
  userDb: DomusDb,
  options: { owner?: Owner } = {},
): Promise<number> {
  const account = await getMeta(userDb, "account");
  const owner = options.owner ?? (account ? { userId: account.userId, householdId: account.householdId } : null);
  const moved = new Set<string>();
  for (let pass = 0; pass < MAX_ADOPTION_PASSES; pass++) {
    const read = await readLocal(localDb);
    const adopted = read.filter(({ row }) => row.deletedAt === null);
    const userStores = [...TABLE_NAMES.map((t) => userDb.table(t)), userDb.outbox, userDb.meta];
    // Adoption records every field itself (all pending, complete rows), so the middleware stays out.
    await untrackedTransaction(userDb, userStores, async () => {
      for (const { table, row } of adopted) await adoptRow(userDb, { table, row: reown(table, row, owner) });
    });
    for (const { table, row } of adopted) moved.add(outboxKey(table, row.id));
    if ((await removeUnchanged(localDb, read)) === 0) break;
  }
  return moved.size;
}

/** Every row of the local database, as one consistent read. */
async function readLocal(localDb: DomusDb): Promise<Adopted[]> {
  const stores = TABLE_NAMES.map((t) => localDb.table(t));
  return localDb.transaction("r", stores, async () => {
    const all: Adopted[] = [];
    for (const table of TABLE_NAMES) {
      for (const row of await rowsOf(localDb, table).toArray()) all.push({ table, row });
    }
    return all;
  });
}

/**
 * Removes from the local database the rows exactly as `read` saw them (a local write always moves a
 * row's `updatedAt` on), with their outbox entries; returns how many rows it still holds, written
 * while they were being moved.
 */
async function removeUnchanged(localDb: DomusDb, read: readonly Adopted[]): Promise<number> {
  const localStores = [...TABLE_NAMES.map((t) => localDb.table(t)), localDb.outbox, localDb.conflicts];
  return untrackedTransaction(localDb, localStores, async () => {
    for (const { table, row } of read) {
      const now = await rowsOf(localDb, table).get(row.id);
      if (now?.updatedAt !== row.updatedAt) continue;
      await rowsOf(localDb, table).delete(row.id);
      await localDb.outbox.delete(outboxKey(table, row.id));
    }
    let left = 0;
    for (const table of TABLE_NAMES) left += await rowsOf(localDb, table).count();
    if (left === 0) {
      await localDb.outbox.clear();
      await localDb.conflicts.clear();
    }
    return left;
  });
}

/** Deletes a database from this device (sign-out with "clear this device"). */
export async function clearDevice(db: DomusDb): Promise<void> {
  db.close();
  await db.delete();
}
