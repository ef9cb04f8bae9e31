import type { SyncedRow } from "../core/define-table";
import { withoutWriters } from "../core/wire-row";
import { PROTOCOL_VERSION } from "../core/schema-version";
import type { Hlc } from "../core/hlc";
import { TABLE_NAMES, type TableName } from "../core/tables";
import type { Transport } from "./api-client";
import type { ConflictRecord, ConflictSide, DomusDb, OutboxEntry, StampedValue } from "./db";
import { advanceStoredHlc } from "./meta";
import { uuidv7 } from "./uuid";

/** What the push and pull phases share during one sync. */
export interface SyncContext {
  db: DomusDb;
  transport: Transport;
  hlc: Hlc;
  clientId: string;
  /** The schema this build knows, declared with every request (src/core/schema-version.ts). */
  schemaVersion: number;
  /** The signed-in user's id, recorded as the author of "mine" in conflicts. */
  userId: string | null;
  now: () => number;
}

/** The versions every sync request declares. */
export function versionsOf(ctx: SyncContext): { protocol: number; schema: number } {
  return { protocol: PROTOCOL_VERSION, schema: ctx.schemaVersion };
}

/** Every store a sync transaction may touch: the synced tables and the client's own stores. */
export function syncStores(db: DomusDb) {
  return [...TABLE_NAMES.map((t) => db.table(t)), db.outbox, db.meta, db.conflicts];
}

/**
 * A conflict: my value of a field lost to a newer, different one. Stored in the sync transaction
 * that takes the losing value out of the row, so it can never be lost in between.
 */
export function conflictRecord(
  ctx: SyncContext,
  at: { table: TableName; rowId: string; field: string },
  mine: StampedValue,
  theirs: ConflictSide,
): ConflictRecord {
  return {
    id: uuidv7(ctx.now),
    table: at.table,
    rowId: at.rowId,
    field: at.field,
    mine: { ...mine, by: ctx.userId },
    theirs,
    detectedAt: new Date(ctx.now()).toISOString(),
    resolved: false,
    resolution: null,
  };
}

/** The winning side of a conflict, with who wrote it when the server said (protocol 3). */
export function theirSide(row: SyncedRow, field: string): ConflictSide {
  return { value: row[field], ts: row.fieldUpdatedAt[field] ?? row.updatedAt, by: row.fieldWriters?.[field] ?? null };
}

/** A server row as this device stores it: writers are only for the conflicts found on arrival. */
export const storedRow: (row: SyncedRow) => SyncedRow = withoutWriters;

/** Observes server timestamps into the HLC and stores its progress (inside the sync transaction). */
export async function observeTimes(ctx: SyncContext, times: readonly string[]): Promise<void> {
  let latest: string | null = null;
  for (const ts of times) {
    ctx.hlc.observe(ts);
    if (latest === null || ts > latest) latest = ts;
  }
  if (latest !== null) await advanceStoredHlc(ctx.db, latest);
}

/** A copy of an outbox entry safe to edit. */
export function cloneEntry(entry: OutboxEntry): OutboxEntry {
  return { ...entry, fields: { ...entry.fields }, sent: { ...entry.sent } };
}
