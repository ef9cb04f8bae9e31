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

/**
 * After local-only use, moves the rows of the local database into the user's database as pending,
 * complete rows, so the next sync uploads them into the household; then empties the local database.
 * Rows deleted before sign-up were never seen elsewhere and are left behind. If interrupted it can
 * run again: rows merge by id, field by field. The owner defaults to the user database's account.
 * Create the user's HLC (`loadHlc`) after this, so it starts past the adopted timestamps.
 */
export async function adoptLocalData(
  localDb: DomusDb,
  userDb: DomusDb,
  options: { owner?: Owner } = {},
): Promise<number> {
  const account = await getMeta(userDb, "account");
  const owner = options.owner ?? (account ? { userId: account.userId, householdId: account.householdId } : null);
  const adopted: Adopted[] = [];
  for (const table of TABLE_NAMES) {
    const rows = await rowsOf(localDb, table).toArray();
    for (const row of rows) if (row.deletedAt === null) adopted.push({ table, row: reown(table, row, owner) });
  }
  const userStores = [...TABLE_NAMES.map((t) => userDb.table(t)), userDb.outbox, userDb.meta];
  // Adoption records every field itself (all pending, complete rows), so the middleware stays out.
  await untrackedTransaction(userDb, userStores, async () => {
    for (const a of adopted) await adoptRow(userDb, a);
  });
  const localStores = [...TABLE_NAMES.map((t) => localDb.table(t)), localDb.outbox, localDb.conflicts];
  await untrackedTransaction(localDb, localStores, async () => {
    for (const store of localStores) await store.clear();
  });
  return adopted.length;
}

/** Deletes a database from this device (sign-out with "clear this device"). */
export async function clearDevice(db: DomusDb): Promise<void> {
  db.close();
  await db.delete();
}
