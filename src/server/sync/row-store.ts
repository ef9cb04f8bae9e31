import type { SqlValue } from "../../core/compare-values";
import type { PassHint } from "../../core/cursor";
import type { SyncedRow, TableDef } from "../../core/define-table";
import type { RowChange } from "../../core/merge-rows";
import { type DbRow, decodeRow } from "./decode-row";
import { JsonText } from "../http/json-text";
import { checkCursor, pullPage } from "./pull-page";
import { DEFAULT_PAGE_BYTES } from "../../core/protocol";
import { tableSql } from "./sql";
import { maxRowSize } from "../../core/ddl";
import type { D1Queryable } from "./d1";
import { shapeKey, type WriteShape, writeSql } from "./write-sql";
import {
  type PushClaim,
  type RecordedPush,
  PushReplayed,
  QuotaRaced,
  claimStatements,
  householdUsage,
  isClaimRefused,
  isQuotaRace,
  lastPush,
  quotaGuard,
} from "./push-log";

export type QuotaGuard = Parameters<typeof quotaGuard>[2];

/** Whose rows: every query is scoped by household, and by user for user-scoped tables. */
export interface Scope {
  householdId: string;
  userId: string;
}

export interface WriteOp {
  table: TableDef;
  change: RowChange;
  /** A complete row may create the row; a partial one only updates an existing row. */
  complete: boolean;
  /** Latest timestamp of the change (the row's `updatedAt`). */
  updatedAt: string;
}

export interface PulledPage<R = SyncedRow> {
  changes: Record<string, R[]>;
  lastVersion: number;
  /** The household sequence in the snapshot the page was read from. */
  seq: number;
  hasMore: boolean;
  remaining: number;
  rowsRead: number;
}

export interface RowStore {
  /**
   * Applies every op in one atomic batch; returns each op's row after the merge, or null if refused.
   * With a claim, the batch also records the client's push number and decision, and throws
   * PushReplayed (having changed nothing) when that number was already applied.
   */
  write(
    scope: Scope,
    ops: readonly WriteOp[],
    serverNow: string,
    claim?: PushClaim,
    guard?: QuotaGuard,
  ): Promise<(SyncedRow | null)[]>;
  /**
   * One table's rows after `afterVersion`, oldest first, at most `limit` and about `maxBytes` (at
   * least one row); purged skeletons left out. For the export, which streams table by table.
   */
  tablePage(
    scope: Scope,
    table: TableDef,
    afterVersion: number,
    limit: number,
    maxBytes: number,
  ): Promise<{ rows: SyncedRow[]; lastVersion: number; done: boolean }>;
  /** The household's counted rows and bytes (quotas). */
  usage(scope: Scope): Promise<{ rows: number; bytes: number }>;
  /** The last push applied for a client (idempotent pushes). */
  lastPush(scope: Scope, clientId: string): Promise<RecordedPush | null>;
  /**
   * Changes after `afterVersion`, oldest first, across all tables, at most `limit` rows. `pass` is
   * what the previous page of the same pass knew, so `remaining` need not be counted again.
   */
  pull(scope: Scope, afterVersion: number, limit: number, pass?: PassHint, maxBytes?: number): Promise<PulledPage>;
  /**
   * The same page in compact wire rows (protocol 3), each as the JSON text SQLite wrote for it
   * (`pullWire` in sql.ts): placed into the answer as they are, never decoded in the Worker.
   */
  pullCompact(
    scope: Scope,
    afterVersion: number,
    limit: number,
    pass?: PassHint,
    maxBytes?: number,
  ): Promise<PulledPage<JsonText>>;
  /** Throws resync_required when a pull from this cursor could not continue. */
  checkCursor(scope: Scope, afterVersion: number): Promise<void>;
  /** Current rows by id, purged skeletons included (replays, refused writes, tests). */
  read(scope: Scope, table: TableDef, ids: readonly string[]): Promise<SyncedRow[]>;
}

/** Rows per statement, and the JSON parameter's size bound (D1 allows 2 MB per value). */
const MAX_ROWS_PER_STATEMENT = 500;
const MAX_JSON_CHARS = 1_000_000;

interface Chunk {
  index: number;
  shape: WriteShape;
  rows: SqlValue[][];
  opIndexes: number[];
  chars: number;
}

/** `[id, createdAt, updatedAt, sequenceOffset, value0, ts0, …]` over the carried fields. */
function rowTuple(op: WriteOp, carried: readonly string[], offset: number): SqlValue[] {
  const tuple: SqlValue[] = [op.change.id, op.change.createdAt ?? op.updatedAt, op.updatedAt, offset];
  for (const f of carried) {
    const stamped = op.change.fields[f];
    const def = op.table.fieldDefs[f];
    tuple.push(stamped && def ? def.encode(stamped.value) : null, stamped?.ts ?? null);
  }
  return tuple;
}

/**
 * Groups ops into statements by shape (table, complete or partial, carried fields). An id appears
 * at most once per statement, so RETURNING maps back to ops by id, and an op never joins a statement
 * that runs before one holding an earlier op on the same row (an edit must follow the create).
 */
function planChunks(ops: readonly WriteOp[]): Chunk[] {
  const open = new Map<string, Chunk>();
  const chunks: Chunk[] = [];
  const lastChunkOf = new Map<string, number>();
  ops.forEach((op, i) => {
    const carried = op.table.mergeFields.filter((f) => f in op.change.fields);
    const shape: WriteShape = { table: op.table, carried, complete: op.complete };
    const key = shapeKey(shape);
    const tuple = rowTuple(op, carried, ops.length - 1 - i);
    const chars = JSON.stringify(tuple).length + 1;
    const rowKey = `${op.table.name}:${op.change.id}`;
    let chunk = open.get(key);
    if (
      !chunk ||
      chunk.index <= (lastChunkOf.get(rowKey) ?? -1) ||
      chunk.rows.length >= MAX_ROWS_PER_STATEMENT ||
      chunk.chars + chars > MAX_JSON_CHARS
    ) {
      chunk = { index: chunks.length, shape, rows: [], opIndexes: [], chars: 2 };
      open.set(key, chunk);
      chunks.push(chunk);
    }
    lastChunkOf.set(rowKey, chunk.index);
    chunk.rows.push(tuple);
    chunk.opIndexes.push(i);
    chunk.chars += chars;
  });
  return chunks;
}

export function createD1RowStore(db: D1Queryable): RowStore {
  return {
    async write(scope, ops, serverNow, claim, guard) {
      if (ops.length === 0 && !claim) return [];
      // The household's sequence moves once per batch; op i takes seq - (n - 1 - i), so versions are
      // unique, follow push order, and commit atomically with the rows they stamp.
      const chunks = planChunks(ops);
      const claimed = claim ? claimStatements(db, scope, claim, serverNow) : [];
      let results: D1Result<DbRow>[];
      try {
        results = await db.batch<DbRow>([
          ...claimed,
          db.prepare(`UPDATE "households" SET "seq" = "seq" + ?2 WHERE "id" = ?1`).bind(scope.householdId, ops.length),
          ...chunks.map((c) =>
            db.prepare(writeSql(c.shape)).bind(scope.householdId, scope.userId, serverNow, JSON.stringify(c.rows)),
          ),
          ...(guard ? [quotaGuard(db, scope, guard)] : []),
        ]);
      } catch (err) {
        if (isClaimRefused(err)) throw new PushReplayed();
        if (isQuotaRace(err)) throw new QuotaRaced();
        throw err;
      }
      const first = claimed.length + 1;
      const merged: (SyncedRow | null)[] = ops.map(() => null);
      chunks.forEach((chunk, k) => {
        const byId = new Map((results[k + first]?.results ?? []).map((raw) => [String(raw.id), raw]));
        for (const i of chunk.opIndexes) {
          const op = ops[i];
          const raw = op && byId.get(op.change.id);
          if (op && raw) merged[i] = decodeRow(op.table, raw, scope.householdId);
        }
      });
      return merged;
    },

    lastPush: (scope, clientId) => lastPush(db, scope, clientId),

    usage: (scope) => householdUsage(db, scope),

    async tablePage(scope, table, afterVersion, limit, maxBytes) {
      // Read no more rows than the byte budget could hold at the table's largest row, so a page of
      // big notes never loads `limit` of them; the page is then cut at the budget (always one row).
      const asked = Math.max(1, Math.min(limit, Math.floor(maxBytes / maxRowSize(table))));
      const { results } = await db
        .prepare(tableSql(table).pull)
        .bind(scope.householdId, scope.userId, afterVersion, asked, Number.MAX_SAFE_INTEGER)
        .all<DbRow>();
      let bytes = 0;
      let n = 0;
      while (n < results.length && (n === 0 || bytes + Number(results[n]?.__size) <= maxBytes)) {
        bytes += Number(results[n]?.__size);
        n++;
      }
      const kept = results.slice(0, n);
      const last = kept.at(-1);
      return {
        rows: kept.map((r) => decodeRow(table, r, scope.householdId)),
        lastVersion: last ? Number(last.version) : afterVersion,
        done: results.length < asked && n === results.length,
      };
    },

    checkCursor: (scope, afterVersion) => checkCursor(db, scope, afterVersion),

    pull: (scope, afterVersion, limit, pass, maxBytes = DEFAULT_PAGE_BYTES) =>
      pullPage(db, {
        scope,
        afterVersion,
        limit,
        pass,
        maxBytes,
        statement: "pull",
        decode: (table, raw) => decodeRow(table, raw, scope.householdId),
      }),

    pullCompact: (scope, afterVersion, limit, pass, maxBytes = DEFAULT_PAGE_BYTES) =>
      pullPage(db, {
        scope,
        afterVersion,
        limit,
        pass,
        maxBytes,
        statement: "pullWire",
        decode: (_table, raw) => new JsonText(String(raw.__wire)),
      }),

    async read(scope, table, ids) {
      if (ids.length === 0) return [];
      const out: SyncedRow[] = [];
      for (let i = 0; i < ids.length; i += 90) {
        const chunk = ids.slice(i, i + 90);
        const { results } = await db
          .prepare(tableSql(table).byIds(chunk.length))
          .bind(scope.householdId, scope.userId, ...chunk)
          .all<DbRow>();
        out.push(...results.map((r) => decodeRow(table, r, scope.householdId)));
      }
      return out;
    },
  };
}
