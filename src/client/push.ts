import type { SyncedRow, TableDef } from "../core/define-table";
import { changeFromRow, mergeRow, sameValue } from "../core/merge-rows";
import type { PushResponse, RowResult } from "../core/protocol";
import { TABLES, type TableName } from "../core/tables";
import { maxIso } from "../core/time";
import { requestJson } from "./api-client";
import type { OutboxEntry, StampedValue } from "./db";
import { markTables } from "./meta";
import { pendingEntries, rowsOf, saveOrDrop } from "./outbox";
import { type SyncContext, cloneEntry, observeTimes, recordConflict, syncStores, theirSide } from "./sync-context";

/** The server accepts more, but 500 rows keep a request small and progress meaningful. */
export const MAX_PUSH_CHUNK = 500;

export interface PushReport {
  pushed: number;
  rejected: number;
  conflicts: number;
}

interface Sent {
  entry: OutboxEntry;
  /** The field values this push carried for the row. */
  fields: Record<string, StampedValue>;
}

/**
 * The wire row for an outbox entry: complete (createdAt and every field) when the server does not
 * have the row yet, otherwise only the changed fields with their stamps.
 */
function wireRow(table: TableDef, entry: OutboxEntry, row: SyncedRow): { wire: Record<string, unknown>; sent: Sent } {
  if (entry.isNew) {
    const wire: Record<string, unknown> = { id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt };
    const fieldUpdatedAt: Record<string, string> = {};
    for (const f of table.mergeFields) {
      wire[f] = row[f];
      fieldUpdatedAt[f] = row.fieldUpdatedAt[f] ?? row.updatedAt;
    }
    wire.fieldUpdatedAt = fieldUpdatedAt;
    return { wire, sent: { entry, fields: { ...entry.fields } } };
  }
  const wire: Record<string, unknown> = { id: entry.rowId };
  const fieldUpdatedAt: Record<string, string> = {};
  for (const [f, stamped] of Object.entries(entry.fields)) {
    wire[f] = stamped.value;
    fieldUpdatedAt[f] = stamped.ts;
  }
  wire.fieldUpdatedAt = fieldUpdatedAt;
  wire.updatedAt = maxIso(...Object.values(fieldUpdatedAt));
  return { wire, sent: { entry, fields: { ...entry.fields } } };
}

/** Fields whose pending stamp is still the one pushed: a change made during the request stays pending. */
function unchangedSince(entry: OutboxEntry, field: string, sent: StampedValue): boolean {
  return entry.fields[field]?.ts === sent.ts;
}

async function applyResult(ctx: SyncContext, table: TableName, sent: Sent, result: RowResult): Promise<number> {
  const key = sent.entry.key;
  const current = await ctx.db.outbox.get(key);
  if (!current) return 0;
  const entry = cloneEntry(current);
  let conflicts = 0;
  if (result.status === "rejected") {
    const editedSince = Object.entries(sent.fields).some(([f, s]) => !unchangedSince(entry, f, s));
    if (!editedSince) {
      entry.status = "rejected";
      entry.reason = result.reason ?? "The server refused this change.";
    }
  } else if (result.status === "applied") {
    entry.isNew = false;
    for (const [f, s] of Object.entries(sent.fields)) {
      if (unchangedSince(entry, f, s)) delete entry.fields[f];
      // Applied means the row was stored, not that every field won: the next pull settles each field.
      entry.sent[f] = s;
    }
  } else if (result.row) {
    conflicts = await adoptStale(ctx, table, sent, entry, result.row);
  }
  await saveOrDrop(ctx.db, entry);
  return conflicts;
}

/** Stale: every value pushed lost to a newer one. Adopt the server's row, keep what was lost. */
async function adoptStale(
  ctx: SyncContext,
  table: TableName,
  sent: Sent,
  entry: OutboxEntry,
  server: SyncedRow,
): Promise<number> {
  const def = TABLES[table] as TableDef;
  entry.isNew = false;
  let conflicts = 0;
  for (const [f, s] of Object.entries(sent.fields)) {
    if (!sameValue(def, f, s.value, server[f])) {
      await recordConflict(ctx, { table, rowId: entry.rowId, field: f }, s, theirSide(server, f));
      conflicts++;
    }
    if (unchangedSince(entry, f, s)) delete entry.fields[f];
  }
  const rows = rowsOf(ctx.db, table);
  const local = await rows.get(entry.rowId);
  const merged = local ? mergeRow(def, local, changeFromRow(def, server)).row : server;
  await rows.put({ ...merged, householdId: server.householdId, userId: server.userId, syncedAt: server.syncedAt });
  return conflicts;
}

async function pushChunk(ctx: SyncContext, chunk: OutboxEntry[]): Promise<PushReport> {
  const changes: Record<string, Record<string, unknown>[]> = {};
  const sentByTable: Record<string, Sent[]> = {};
  for (const queued of chunk) {
    // Re-read: the user may have edited the row since the sync began.
    const entry = await ctx.db.outbox.get(queued.key);
    const row = entry && (await rowsOf(ctx.db, entry.table).get(entry.rowId));
    if (!entry || !row || entry.status !== "pending" || Object.keys(entry.fields).length === 0) continue;
    const { wire, sent } = wireRow(TABLES[entry.table] as TableDef, entry, row);
    (changes[entry.table] ??= []).push(wire);
    (sentByTable[entry.table] ??= []).push(sent);
  }
  const report: PushReport = { pushed: 0, rejected: 0, conflicts: 0 };
  if (Object.keys(changes).length === 0) return report;
  const body = { clientId: ctx.clientId, changes };
  const response = await requestJson<PushResponse>(ctx.transport, "/api/sync/push", { method: "POST", body });
  if (!response) throw new Error("The server sent no push results.");
  await ctx.db.transaction("rw", syncStores(ctx.db), async () => {
    for (const [table, sentRows] of Object.entries(sentByTable) as [TableName, Sent[]][]) {
      const results = response.results[table] ?? [];
      for (const [i, sent] of sentRows.entries()) {
        const result = results[i];
        if (!result) continue;
        if (result.status === "rejected") report.rejected++;
        else report.pushed++;
        report.conflicts += await applyResult(ctx, table, sent, result);
      }
    }
    await observeTimes(ctx, [response.serverTime]);
    await markTables(ctx.db, Object.keys(sentByTable) as TableName[], "lastPushAt", response.serverTime);
  });
  return report;
}

/**
 * Pushes every pending outbox entry in chunks, recording each chunk's results in one transaction.
 * A failure leaves the unacknowledged entries pending; pushing them again is harmless (idempotent).
 * `report` counts as chunks complete, so a failure part-way still tells what was acknowledged.
 */
export async function pushOutbox(
  ctx: SyncContext,
  options: { chunkSize: number; onProgress: (sent: number, total: number) => void; report: PushReport },
): Promise<void> {
  const entries = await pendingEntries(ctx.db);
  const total = entries.length;
  const { report } = options;
  options.onProgress(0, total);
  for (let i = 0; i < total; i += options.chunkSize) {
    const chunk = entries.slice(i, i + options.chunkSize);
    const r = await pushChunk(ctx, chunk);
    report.pushed += r.pushed;
    report.rejected += r.rejected;
    report.conflicts += r.conflicts;
    options.onProgress(Math.min(total, i + chunk.length), total);
  }
}
