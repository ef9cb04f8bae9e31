import type { SyncedRow } from "../core/define-table";
import type { TableName } from "../core/tables";
import { maxIso } from "../core/time";
import { type DomusDb, type OutboxEntry, type StampedValue, outboxKey } from "./db";

/** The stores a local write touches: the row's table, its outbox entry and the stored clock. */
export function writeStores(db: DomusDb, table: TableName) {
  return [db.table(table), db.outbox, db.meta];
}

export function rowsOf(db: DomusDb, table: TableName) {
  return db.table<SyncedRow, string>(table);
}

/**
 * Adds locally changed fields to a row's outbox entry. Must run inside the transaction that writes
 * the row. A new edit clears an earlier rejection: the user may have fixed what the server refused.
 */
export async function recordChange(
  db: DomusDb,
  change: { table: TableName; rowId: string; fields: Record<string, StampedValue>; isNew: boolean },
): Promise<void> {
  const key = outboxKey(change.table, change.rowId);
  const existing = await db.outbox.get(key);
  const fields = { ...existing?.fields, ...change.fields };
  const entry: OutboxEntry = {
    key,
    table: change.table,
    rowId: change.rowId,
    fields,
    isNew: existing?.isNew ?? change.isNew,
    status: "pending",
    reason: null,
    sent: existing?.sent ?? {},
    changedAt: maxIso(...Object.values(fields).map((f) => f.ts)),
  };
  await db.outbox.put(entry);
}

/** Rows with local changes waiting to be pushed. */
export async function pendingEntries(db: DomusDb): Promise<OutboxEntry[]> {
  const entries = await db.outbox.where("status").equals("pending").toArray();
  return entries.filter((e) => Object.keys(e.fields).length > 0);
}

export async function countOutbox(db: DomusDb): Promise<{ pending: number; rejected: number }> {
  const entries = await db.outbox.toArray();
  let pending = 0;
  let rejected = 0;
  for (const e of entries) {
    if (Object.keys(e.fields).length === 0) continue;
    if (e.status === "rejected") rejected++;
    else pending++;
  }
  return { pending, rejected };
}

/** An entry is done when nothing is left to push or to confirm. */
export async function saveOrDrop(db: DomusDb, entry: OutboxEntry): Promise<void> {
  if (Object.keys(entry.fields).length === 0 && Object.keys(entry.sent).length === 0) {
    await db.outbox.delete(entry.key);
  } else {
    await db.outbox.put(entry);
  }
}
