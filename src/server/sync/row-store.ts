import type { SqlValue } from "../../core/compare-values";
import type { PassHint } from "../../core/cursor";
import type { SyncedRow, TableDef } from "../../core/define-table";
import type { RowChange } from "../../core/merge-rows";
import { type DbRow, decodeRow } from "./decode-row";
import { pullPage } from "./pull-page";
import { tableSql } from "./sql";

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

export interface PulledPage {
  changes: Record<string, SyncedRow[]>;
  lastVersion: number;
  /** The household sequence in the snapshot the page was read from. */
  seq: number;
  hasMore: boolean;
  remaining: number;
  rowsRead: number;
}

export interface RowStore {
  /** Applies every op in one atomic batch; returns each op's row after the merge, or null if refused. */
  write(scope: Scope, ops: readonly WriteOp[], serverNow: string): Promise<(SyncedRow | null)[]>;
  /**
   * Changes after `afterVersion`, oldest first, across all tables, at most `limit` rows. `pass` is
   * what the previous page of the same pass knew, so `remaining` need not be counted again.
   */
  pull(scope: Scope, afterVersion: number, limit: number, pass?: PassHint): Promise<PulledPage>;
  /** Current rows by id (used by tests and tools). */
  read(scope: Scope, table: TableDef, ids: readonly string[]): Promise<SyncedRow[]>;
}

function writeParams(op: WriteOp, scope: Scope, serverNow: string, offset: number): SqlValue[] {
  const params: SqlValue[] = [
    scope.householdId,
    op.change.id,
    scope.userId,
    op.change.createdAt ?? op.updatedAt,
    serverNow,
    offset,
    op.updatedAt,
  ];
  for (const f of op.table.mergeFields) {
    const def = op.table.fieldDefs[f];
    const stamped = op.change.fields[f];
    if (!def) continue;
    // A field the change does not carry never wins (its timestamp is NULL); its value only matters
    // when the row is created, and a complete row carries every field without a default.
    const value = stamped ? def.encode(stamped.value) : def.hasDefault ? def.encode(def.defaultValue) : null;
    params.push(value, stamped ? stamped.ts : null);
  }
  return params;
}

export function createD1RowStore(db: D1Database): RowStore {
  return {
    async write(scope, ops, serverNow) {
      if (ops.length === 0) return [];
      // The household's sequence moves once per batch; row i takes seq - (n - 1 - i), so versions are
      // unique, increase in push order, and commit atomically with the rows they stamp.
      const statements = [
        db.prepare(`UPDATE "households" SET "seq" = "seq" + ?2 WHERE "id" = ?1`).bind(scope.householdId, ops.length),
        ...ops.map((op, i) => {
          const sql = tableSql(op.table);
          return db
            .prepare(op.complete ? sql.upsert : sql.update)
            .bind(...writeParams(op, scope, serverNow, ops.length - 1 - i));
        }),
      ];
      const results = await db.batch<DbRow>(statements);
      return ops.map((op, i) => {
        const raw = results[i + 1]?.results[0];
        return raw ? decodeRow(op.table, raw) : null;
      });
    },

    pull: (scope, afterVersion, limit, pass) => pullPage(db, { scope, afterVersion, limit, pass }),

    async read(scope, table, ids) {
      if (ids.length === 0) return [];
      const out: SyncedRow[] = [];
      for (let i = 0; i < ids.length; i += 90) {
        const chunk = ids.slice(i, i + 90);
        const { results } = await db
          .prepare(tableSql(table).byIds(chunk.length))
          .bind(scope.householdId, scope.userId, ...chunk)
          .all<DbRow>();
        out.push(...results.map((r) => decodeRow(table, r)));
      }
      return out;
    },
  };
}
