import type { SyncedRow } from "../core/define-table";
import { changeFromRow, mergeRow, sameValue, wins } from "../core/merge-rows";
import { NEXT_CURSOR_HEADER, type PullResponse, pullResponse } from "../core/protocol";
import { TABLE_NAMES, type TableName, isTableName, tableDef } from "../core/tables";
import { ApiError, requestJson } from "./api-client";
import { untrackedTransaction } from "./change-tracking";
import { type ConflictRecord, type ConflictSide, type OutboxEntry, type StampedValue, outboxKey } from "./db";
import { getMeta, markTables, setMeta } from "./meta";
import { rowsOf, saveSettled } from "./outbox";
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
import { type WireRow, isCompact, rowFromWire } from "../core/wire-row";
import { storedFromWire } from "../core/stored-row";

export interface PullReport {
  pulled: number;
  conflicts: number;
}

interface PageWrites {
  rows: SyncedRow[];
  entries: OutboxEntry[];
  conflicts: ConflictRecord[];
}

/**
 * Merges one pulled row into the local one, field by field. A pending local value that loses is a
 * conflict (kept for the user); one that wins stays pending. Values pushed earlier and awaiting
 * confirmation (`sent`) are settled here: kept, or lost to a newer value (a conflict too).
 */
function mergePulled(
  ctx: SyncContext,
  at: {
    table: TableName;
    pulled: SyncedRow;
    /** The row as it came (with its writers), read only when a local change may be in conflict. */
    wire: WireRow | SyncedRow;
    householdId: string | undefined;
    local: SyncedRow | undefined;
    entry: OutboxEntry | undefined;
  },
  writes: PageWrites,
): void {
  const { table, pulled, local } = at;
  const def = tableDef(table);
  const merge = local ? mergeRow(def, local, changeFromRow(def, pulled)) : null;
  const { householdId, userId, createdAt, syncedAt } = pulled;
  // A row that comes back as this device has it (most often its own change, pulled after its push)
  // is not written again: only its syncedAt would change, and the write would make every open list
  // of its table read itself again for nothing.
  const unchanged =
    local !== undefined &&
    merge?.changed === false &&
    local.householdId === householdId &&
    local.userId === userId &&
    local.createdAt === createdAt;
  if (!unchanged)
    writes.rows.push({ ...(merge ? merge.row : storedRow(pulled)), householdId, userId, createdAt, syncedAt });
  if (!at.entry) return;
  // Who wrote the values that may have beaten mine (protocol 3).
  const withWriters = rowFromWire(def, at.wire, at.householdId);
  const entry = cloneEntry(at.entry);
  const lost = (field: string, mine: StampedValue, theirs: ConflictSide) =>
    writes.conflicts.push(conflictRecord(ctx, { table, rowId: pulled.id, field }, mine, theirs));
  entry.isNew = false;
  for (const [field, mine] of Object.entries(entry.fields)) {
    const theirs = theirSide(withWriters, field);
    const same = sameValue(def, field, mine.value, theirs.value);
    if (theirs.ts === mine.ts && same) {
      delete entry.fields[field]; // Already on the server: a push whose answer never arrived.
    } else if (wins(def, field, theirs, mine)) {
      if (!same) lost(field, mine, theirs);
      delete entry.fields[field];
    }
  }
  for (const [field, mine] of Object.entries(entry.sent)) {
    const theirs = theirSide(withWriters, field);
    if (theirs.ts !== mine.ts && !sameValue(def, field, mine.value, theirs.value)) lost(field, mine, theirs);
    delete entry.sent[field];
  }
  writes.entries.push(entry);
}

/** Decoded for storage: writers are only wanted for conflicts, decoded again for those rows. */
const forStorage = { writers: false };

/**
 * What a pass from `cursor: null` (a new device, a resync) has written to each table so far. While a
 * table holds exactly those rows (its count equals their number: nothing else was there when the
 * pass began, and nothing was written to it since), a pulled id outside them has no local row, so
 * it is not looked up: a new device's download reads nothing back from IndexedDB.
 */
type FreshPass = Map<TableName, Set<string>>;

/** The local rows of the pulled ids (undefined where none), read only where there can be one. */
async function localRows(
  rows: ReturnType<typeof rowsOf>,
  ids: string[],
  written: Set<string> | undefined,
): Promise<(SyncedRow | undefined)[]> {
  if (!written || (await rows.count()) !== written.size) return rows.bulkGet(ids);
  const again = ids.filter((id) => written.has(id));
  if (again.length === 0) return ids.map(() => undefined);
  const found = new Map(again.map((id, i) => [id, i]));
  const got = await rows.bulkGet(again);
  return ids.map((id) => {
    const i = found.get(id);
    return i === undefined ? undefined : got[i];
  });
}

/** Merges a page's rows of one table, reading and writing them in bulk. */
async function mergeTable(
  ctx: SyncContext,
  table: TableName,
  page: { wire: (WireRow | SyncedRow)[]; householdId: string | undefined; fresh: FreshPass | null },
  writes: PageWrites,
) {
  const def = tableDef(table);
  const ids = page.wire.map((r) => r.id);
  const rows = rowsOf(ctx.db, table);
  let written = page.fresh?.get(table);
  if (page.fresh && !written) page.fresh.set(table, (written = new Set()));
  const locals = await localRows(rows, ids, written);
  // With an empty outbox (a new device downloading everything, or any device between edits) no row
  // has an entry: one count instead of an IndexedDB lookup per pulled row.
  const entries =
    (await ctx.db.outbox.count()) === 0 ? [] : await ctx.db.outbox.bulkGet(ids.map((id) => outboxKey(table, id)));
  page.wire.forEach((wire, i) => {
    const local = locals[i];
    const entry = entries[i];
    // A row this device does not have, with no local change: stored as it came (a new device's
    // whole download), without building the full row in between.
    if (!local && !entry && isCompact(wire)) {
      writes.rows.push(storedFromWire(def, wire, page.householdId ?? "") as unknown as SyncedRow);
      return;
    }
    const pulled = rowFromWire(def, wire, page.householdId, forStorage);
    mergePulled(ctx, { table, pulled, wire, householdId: page.householdId, local, entry }, writes);
  });
  if (writes.rows.length > 0) await rows.bulkPut(writes.rows);
  if (written) for (const r of writes.rows) written.add(r.id);
  writes.rows = [];
}

/** Values pushed and applied whose rows did not come back changed were kept: nothing to confirm. */
async function settleSent(ctx: SyncContext): Promise<void> {
  const entries = await ctx.db.outbox.filter((e) => Object.keys(e.sent).length > 0).toArray();
  await saveSettled(
    ctx.db,
    entries.map((e) => ({ ...e, sent: {} })),
  );
}

/**
 * After a full download (the server purged tombstones this device never saw), rows the server no
 * longer has are gone for good, except rows created here and not pushed yet.
 */
async function dropUnseen(ctx: SyncContext, seen: Set<string>): Promise<void> {
  for (const table of TABLE_NAMES) {
    const rows = rowsOf(ctx.db, table);
    const ids = (await rows.toCollection().primaryKeys()) as string[];
    for (const id of ids) {
      const key = outboxKey(table, id);
      if (seen.has(key)) continue;
      const entry = await ctx.db.outbox.get(key);
      if (entry?.isNew) continue;
      await rows.delete(id);
      if (entry) await ctx.db.outbox.delete(key);
    }
  }
}

/** A page as the server sent it: compact rows (protocol 3) become full rows here. */
type WirePage = PullResponse<WireRow | SyncedRow>;

/** A pull request on its way: its page, and the request for the page after it if already sent. */
interface PageRequest {
  cursor: string | null;
  page: Promise<WirePage | null>;
  next: PageRequest | null;
  /** The next page's cursor, from this answer's headers (`NEXT_CURSOR_HEADER`), once they came. */
  ahead: string | null;
}

async function applyPage(
  ctx: SyncContext,
  page: WirePage,
  seen: Set<string> | null,
  fresh: FreshPass | null,
): Promise<PullReport> {
  const report: PullReport = { pulled: 0, conflicts: 0 };
  // The page and its cursor commit together: a crash never skips a page nor applies one twice.
  // Server rows: not local changes (untracked), so nothing pulled is pushed back.
  await untrackedTransaction(ctx.db, syncStores(ctx.db), async () => {
    const times = [page.serverTime];
    const writes: PageWrites = { rows: [], entries: [], conflicts: [] };
    for (const [table, wire] of Object.entries(page.changes)) {
      if (!isTableName(table)) continue; // A table this client version does not know yet.
      await mergeTable(ctx, table, { wire, householdId: page.householdId, fresh }, writes);
      for (const row of wire) {
        seen?.add(outboxKey(table, row.id));
        times.push(row.updatedAt);
      }
      report.pulled += wire.length;
    }
    await saveSettled(ctx.db, writes.entries);
    if (writes.conflicts.length > 0) await ctx.db.conflicts.bulkAdd(writes.conflicts);
    report.conflicts += writes.conflicts.length;
    await observeTimes(ctx, times);
    await setMeta(ctx.db, "cursor", page.cursor);
    if (page.hasMore) return;
    await markTables(ctx.db, TABLE_NAMES, "lastPullAt", page.serverTime);
    await settleSent(ctx);
    if (seen) await dropUnseen(ctx, seen);
    await setMeta(ctx.db, "resync", false);
  });
  return report;
}

function isResyncRequired(err: unknown): boolean {
  return err instanceof ApiError && err.code === "resync_required";
}

/**
 * Pulls pages from the stored cursor until the server has nothing more, applying each page
 * atomically; `report` counts page by page, so a failure part-way still tells what was applied.
 */
export async function pullChanges(
  ctx: SyncContext,
  options: {
    limit: number | undefined;
    onProgress: (received: number, remaining: number) => void;
    report: PullReport;
  },
): Promise<void> {
  const { report } = options;
  let resync = await getMeta(ctx.db, "resync");
  let cursor = resync ? null : await getMeta(ctx.db, "cursor");
  const seen = new Set<string>();
  // A pass from the start: rows it writes are tracked so that they alone need looking up again.
  let fresh: FreshPass | null = cursor === null ? new Map() : null;
  options.onProgress(0, 0);
  // The request whose page the loop is waiting for: the only one whose headers may start the next.
  let awaiting: PageRequest | null = null;
  const request = (from: string | null): PageRequest => {
    const body = { cursor: from, ...versionsOf(ctx), ...(options.limit === undefined ? {} : { limit: options.limit }) };
    const req: PageRequest = { cursor: from, page: Promise.resolve(null), next: null, ahead: null };
    const onHeaders = (headers: Headers) => {
      req.ahead = headers.get(NEXT_CURSOR_HEADER);
      if (req === awaiting) askAhead(req);
    };
    req.page = requestJson(ctx.transport, "/api/sync/pull", {
      method: "POST",
      body,
      schema: pullResponse,
      onHeaders,
    }).then((page) => page as WirePage);
    // Awaited below (or dropped); until then a failure must not count as unhandled.
    req.page.catch(() => undefined);
    return req;
  };
  // The next page's request, from the cursor in this answer's headers: it leaves while this page's
  // body is still read and parsed. One request ahead of the page being waited for, never more.
  const askAhead = (req: PageRequest) => {
    if (req.ahead !== null && !req.next) req.next = request(req.ahead);
  };
  let inFlight = request(cursor);
  for (;;) {
    let page: WirePage | null;
    awaiting = inFlight;
    askAhead(inFlight); // Its headers came while the previous page was applied.
    try {
      page = await inFlight.page;
    } catch (err) {
      awaiting = null;
      if (!isResyncRequired(err) || cursor === null) throw err;
      await setMeta(ctx.db, "resync", true);
      resync = true;
      cursor = null;
      fresh = new Map();
      inFlight = request(cursor);
      continue;
    }
    awaiting = null;
    if (!page) throw new Error("The server sent no pull page.");
    // Pipelining: the next page is on its way while this one is written to IndexedDB. Pages only
    // depend on the cursor, so a page applied late (or not at all, after a failure) changes nothing
    // about the next one; its cursor is stored only with the page it follows. A request started
    // from a header that does not match the page's cursor is dropped.
    const ahead = inFlight.next?.cursor === page.cursor ? inFlight.next : null;
    const next = page.hasMore ? (ahead ?? request(page.cursor)) : null;
    const r = await applyPage(ctx, page, resync ? seen : null, fresh);
    report.pulled += r.pulled;
    report.conflicts += r.conflicts;
    options.onProgress(report.pulled, page.remaining);
    if (!next) return;
    inFlight = next;
    cursor = page.cursor;
  }
}
