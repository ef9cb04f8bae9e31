import type { SyncedRow, TableDef } from "../core/define-table";
import { changeFromRow, mergeRow, sameValue } from "../core/merge-rows";
import { type PushResponse, type RowResult, pushResponse } from "../core/protocol";
import { type TableName, tableDef } from "../core/tables";
import { maxIso } from "../core/time";
import { requestJson } from "./api-client";
import type { ConflictRecord, OutboxEntry, StampedValue } from "./db";
import { type InflightPush, type SentRow, getMeta, markTables, setMeta } from "./meta";
import { ApiError } from "./api-client";
import { untrackedTransaction } from "./change-tracking";
import { pendingEntries, rowsOf, saveSettled } from "./outbox";
import {
  type SyncContext,
  versionsOf,
  cloneEntry,
  conflictRecord,
  observeTimes,
  syncStores,
  storedRow,
  theirSide,
} from "./sync-context";
import { type WireRow, rowFromWire } from "../core/wire-row";

/** The server accepts more, but 500 rows keep a request small and progress meaningful. */
export const MAX_PUSH_CHUNK = 500;

export interface PushReport {
  pushed: number;
  rejected: number;
  conflicts: number;
}

type Sent = SentRow;

/**
 * The wire row for an outbox entry: complete (createdAt and every field) when the server does not
 * have the row yet, otherwise only the changed fields with their stamps.
 */
function wireRow(table: TableDef, entry: OutboxEntry, row: SyncedRow): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: entry.rowId };
  const fieldUpdatedAt: Record<string, string> = {};
  if (entry.isNew) {
    wire.createdAt = row.createdAt;
    for (const f of table.mergeFields) {
      wire[f] = row[f];
      fieldUpdatedAt[f] = row.fieldUpdatedAt[f] ?? row.updatedAt;
    }
  } else {
    for (const [f, stamped] of Object.entries(entry.fields)) {
      wire[f] = stamped.value;
      fieldUpdatedAt[f] = stamped.ts;
    }
  }
  const updatedAt = maxIso(...Object.values(fieldUpdatedAt));
  // A field without a stamp of its own takes the row's `updatedAt`: only the others are sent.
  const own = Object.entries(fieldUpdatedAt).filter(([, ts]) => ts !== updatedAt);
  if (own.length > 0) wire.fieldUpdatedAt = Object.fromEntries(own);
  wire.updatedAt = updatedAt;
  return wire;
}

/** A field whose pending stamp is still the one pushed; a change made during the request stays pending. */
function unchangedSince(entry: OutboxEntry, field: string, sent: StampedValue): boolean {
  return entry.fields[field]?.ts === sent.ts;
}

interface ChunkWrites {
  entries: OutboxEntry[];
  rows: Map<TableName, SyncedRow[]>;
  conflicts: ConflictRecord[];
}

/** Updates one outbox entry (in memory) for the server's answer about its row. */
function applyResult(
  ctx: SyncContext,
  at: { table: TableName; sent: Sent; entry: OutboxEntry; local: SyncedRow | undefined },
  result: RowResult<WireRow | SyncedRow>,
  writes: ChunkWrites,
  householdId: string | undefined,
): void {
  const { table, sent, entry } = at;
  if (result.status === "rejected") {
    if (Object.entries(sent.fields).every(([f, s]) => unchangedSince(entry, f, s))) {
      entry.status = "rejected";
      entry.reason = result.reason ?? "The server refused this change.";
    }
    return;
  }
  entry.isNew = false;
  // Fields pushed and not edited again since: the server's answer about them is final.
  const settled = Object.keys(sent.fields).filter((f) => unchangedSince(entry, f, sent.fields[f] as StampedValue));
  for (const [f, s] of Object.entries(sent.fields)) {
    if (unchangedSince(entry, f, s)) delete entry.fields[f];
    // Applied means the row was stored, not that every field won: the next pull settles each field.
    if (result.status === "applied") entry.sent[f] = s;
  }
  if (!result.row) return;
  // Stale (every value pushed lost to a newer one) or clamped (the server moved our stamps back):
  // adopt the server's row, and keep what was lost.
  const def = tableDef(table);
  const server = rowFromWire(def, result.row, householdId);
  if (result.status === "stale") {
    for (const [f, s] of Object.entries(sent.fields)) {
      if (!sameValue(def, f, s.value, server[f])) {
        writes.conflicts.push(conflictRecord(ctx, { table, rowId: entry.rowId, field: f }, s, theirSide(server, f)));
      }
    }
  }
  const merged = at.local ? mergeRow(def, at.local, changeFromRow(def, server)).row : storedRow(server);
  // A local stamp ahead of the server's clock would otherwise beat the server's verdict here forever.
  for (const f of settled) {
    merged[f] = server[f];
    merged.fieldUpdatedAt[f] = server.fieldUpdatedAt[f] ?? server.updatedAt;
  }
  merged.updatedAt = maxIso(...def.mergeFields.map((f) => merged.fieldUpdatedAt[f] ?? merged.updatedAt));
  const list = writes.rows.get(table) ?? [];
  list.push({ ...merged, householdId: server.householdId, userId: server.userId, syncedAt: server.syncedAt });
  writes.rows.set(table, list);
}

/** Re-reads the chunk (the user may have edited since the sync began) and builds the request. */
async function prepareChunk(ctx: SyncContext, chunk: readonly OutboxEntry[]) {
  const changes: Record<string, Record<string, unknown>[]> = {};
  const sentByTable = new Map<TableName, Sent[]>();
  const entries = await ctx.db.outbox.bulkGet(chunk.map((e) => e.key));
  for (const table of new Set(chunk.map((e) => e.table))) {
    const mine = entries.filter((e): e is OutboxEntry => e?.table === table && e.status === "pending");
    const rows = await rowsOf(ctx.db, table).bulkGet(mine.map((e) => e.rowId));
    mine.forEach((entry, i) => {
      const row = rows[i];
      if (!row || Object.keys(entry.fields).length === 0) return;
      (changes[table] ??= []).push(wireRow(tableDef(table), entry, row));
      const list = sentByTable.get(table) ?? [];
      list.push({ key: entry.key, rowId: entry.rowId, fields: { ...entry.fields } });
      sentByTable.set(table, list);
    });
  }
  return { changes, sentByTable };
}

/**
 * Numbers a prepared chunk and stores it as the in-flight push before it leaves, in one transaction,
 * so a crash or a lost answer leaves exactly the request to resend.
 */
async function numberChunk(ctx: SyncContext, chunk: readonly OutboxEntry[]): Promise<InflightPush | null> {
  const { changes, sentByTable } = await prepareChunk(ctx, chunk);
  if (sentByTable.size === 0) return null;
  return ctx.db.transaction("rw", ctx.db.meta, async () => {
    const seq = (await getMeta(ctx.db, "pushSeq")) + 1;
    const inflight: InflightPush = { seq, changes, sent: [...sentByTable] };
    await setMeta(ctx.db, "pushSeq", seq);
    await setMeta(ctx.db, "inflightPush", inflight);
    return inflight;
  });
}

/** Sends a numbered push (again, after a lost answer: the server then answers from its record). */
async function sendPush(ctx: SyncContext, inflight: InflightPush, report: PushReport): Promise<void> {
  const body = { clientId: ctx.clientId, seq: inflight.seq, ...versionsOf(ctx), changes: inflight.changes };
  let response: PushResponse<WireRow | SyncedRow> | null;
  try {
    response = (await requestJson(ctx.transport, "/api/sync/push", {
      method: "POST",
      body,
      schema: pushResponse,
    })) as PushResponse<WireRow | SyncedRow>;
  } catch (err) {
    // A later push of this device was applied, so this one was settled long ago: nothing to resend.
    if (err instanceof ApiError && err.code === "push_superseded") {
      await setMeta(ctx.db, "inflightPush", null);
      return;
    }
    throw err;
  }
  if (!response) throw new Error("The server sent no push results.");
  const sentByTable = new Map(inflight.sent);
  // The server's answer: not a local change (untracked).
  await untrackedTransaction(ctx.db, syncStores(ctx.db), async () => {
    const writes: ChunkWrites = { entries: [], rows: new Map(), conflicts: [] };
    for (const [table, sentRows] of sentByTable) {
      const results = response.results[table] ?? [];
      const current = await ctx.db.outbox.bulkGet(sentRows.map((s) => s.key));
      const locals = await rowsOf(ctx.db, table).bulkGet(sentRows.map((s) => s.rowId));
      sentRows.forEach((sent, i) => {
        const result = results[i];
        const found = current[i];
        if (!result || !found) return;
        if (result.status === "rejected") report.rejected++;
        else report.pushed++;
        const entry = cloneEntry(found);
        applyResult(ctx, { table, sent, entry, local: locals[i] }, result, writes, response.householdId);
        writes.entries.push(entry);
      });
    }
    for (const [table, rows] of writes.rows) await rowsOf(ctx.db, table).bulkPut(rows);
    if (writes.conflicts.length > 0) await ctx.db.conflicts.bulkAdd(writes.conflicts);
    report.conflicts += writes.conflicts.length;
    await saveSettled(ctx.db, writes.entries);
    await observeTimes(ctx, [response.serverTime]);
    await markTables(ctx.db, [...sentByTable.keys()], "lastPushAt", response.serverTime);
    await setMeta(ctx.db, "inflightPush", null);
  });
}

/**
 * Pushes every pending outbox entry in chunks, recording each chunk's results in one transaction.
 * A failure leaves the unacknowledged entries pending and the request in flight: the next sync resends
 * that same numbered request first, which the server applies at most once.
 * `report` counts as chunks complete, so a failure part-way still tells what was acknowledged.
 */
export async function pushOutbox(
  ctx: SyncContext,
  options: { chunkSize: number; onProgress: (sent: number, total: number) => void; report: PushReport },
): Promise<void> {
  // An unanswered push goes first, unchanged: the server applies it at most once.
  const unanswered = await getMeta(ctx.db, "inflightPush");
  if (unanswered) await sendPush(ctx, unanswered, options.report);
  const entries = await pendingEntries(ctx.db);
  const total = entries.length;
  options.onProgress(0, total);
  for (let i = 0; i < total; i += options.chunkSize) {
    const chunk = entries.slice(i, i + options.chunkSize);
    const inflight = await numberChunk(ctx, chunk);
    if (inflight) await sendPush(ctx, inflight, options.report);
    options.onProgress(Math.min(total, i + chunk.length), total);
  }
}
