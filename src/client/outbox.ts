import type { SyncedRow } from "../core/define-table";
import type { TableName } from "../core/tables";
import type { DomusDb, OutboxEntry } from "./db";

/** The stores a local write touches: the row's table, its outbox entry and the stored clock. */
export function writeStores(db: DomusDb, table: TableName) {
  return [db.table(table), db.outbox, db.meta];
}

export function rowsOf(db: DomusDb, table: TableName) {
  return db.table<SyncedRow, string>(table);
}

/** Rows with local changes waiting to be pushed. */
export async function pendingEntries(db: DomusDb): Promise<OutboxEntry[]> {
  return db.outbox.where("status").equals("pending").toArray();
}

/**
 * The badge query re-runs after every local write, so it counts the few rejected and confirming
 * entries through the index and takes pending as the rest (a plain count is cheap everywhere).
 */
export async function countOutbox(db: DomusDb): Promise<{ pending: number; rejected: number }> {
  const [total, rejected, confirming] = await Promise.all([
    db.outbox.count(),
    db.outbox.where("status").equals("rejected").count(),
    db.outbox.where("status").equals("confirming").count(),
  ]);
  return { pending: total - rejected - confirming, rejected };
}

/** An entry as sync left it: rewritten with its status following what is left, or done. */
export function settle(entry: OutboxEntry): OutboxEntry | null {
  const toPush = Object.keys(entry.fields).length > 0;
  if (!toPush && Object.keys(entry.sent).length === 0) return null;
  // A rejection stays until the user edits the row again (the change-tracking middleware makes it pending).
  const status = !toPush ? "confirming" : entry.status === "rejected" ? "rejected" : "pending";
  return { ...entry, status, reason: status === "rejected" ? entry.reason : null };
}

/** Writes settled entries in bulk (one request each way, not one per row). */
export async function saveSettled(db: DomusDb, entries: readonly OutboxEntry[]): Promise<void> {
  const keep: OutboxEntry[] = [];
  const done: string[] = [];
  for (const entry of entries) {
    const settled = settle(entry);
    if (settled) keep.push(settled);
    else done.push(entry.key);
  }
  if (keep.length > 0) await db.outbox.bulkPut(keep);
  if (done.length > 0) await db.outbox.bulkDelete(done);
}
