import type { SqlValue } from "../../core/compare-values";
import { tsColumn } from "../../core/ddl";
import type { SyncedRow, TableDef } from "../../core/define-table";
import type { RowChange } from "../../core/merge-rows";
import { TABLE_NAMES, TABLES } from "../../core/tables";
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
  hasMore: boolean;
  remaining: number;
  rowsRead: number;
}

export interface RowStore {
  /** Applies every op in one atomic batch; returns each op's row after the merge, or null if refused. */
  write(scope: Scope, ops: readonly WriteOp[], serverNow: string): Promise<(SyncedRow | null)[]>;
  /** Changes after `afterVersion`, oldest first, across all tables, at most `limit` rows. */
  pull(scope: Scope, afterVersion: number, limit: number): Promise<PulledPage>;
  /** Current rows by id (used by tests and tools). */
  read(scope: Scope, table: TableDef, ids: readonly string[]): Promise<SyncedRow[]>;
}

type DbRow = Record<string, SqlValue>;

export function decodeRow(table: TableDef, raw: DbRow): SyncedRow & { version: number } {
  const row: Record<string, unknown> = {
    id: raw.id,
    householdId: raw.householdId,
    userId: raw.userId,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    syncedAt: raw.syncedAt,
  };
  const fieldUpdatedAt: Record<string, string> = {};
  for (const f of table.mergeFields) {
    const def = table.fieldDefs[f];
    if (!def) continue;
    row[f] = def.decode(raw[f] ?? null);
    fieldUpdatedAt[f] = String(raw[tsColumn(f)]);
  }
  row.fieldUpdatedAt = fieldUpdatedAt;
  Object.defineProperty(row, "version", { value: Number(raw.version), enumerable: false });
  return row as SyncedRow & { version: number };
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
    params.push(stamped ? def.encode(stamped.value) : def.encode(def.defaultValue), stamped ? stamped.ts : null);
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

    async pull(scope, afterVersion, limit) {
      const tables = TABLE_NAMES.map((n) => TABLES[n] as TableDef);
      // Each table reads at most limit + 1 rows through its (householdId[, userId], version) index.
      const results = await db.batch<DbRow>(
        tables.map((t) => db.prepare(tableSql(t).pull).bind(scope.householdId, scope.userId, afterVersion, limit + 1)),
      );
      let rowsRead = 0;
      const all: { table: string; row: SyncedRow & { version: number } }[] = [];
      results.forEach((res, i) => {
        const table = tables[i];
        if (!table) return;
        rowsRead += res.meta.rows_read ?? 0;
        for (const raw of res.results) all.push({ table: table.name, row: decodeRow(table, raw) });
      });
      all.sort((a, b) => a.row.version - b.row.version);
      const page = all.slice(0, limit);
      const hasMore = all.length > limit;
      const lastVersion = page.length > 0 ? (page.at(-1)?.row.version ?? afterVersion) : afterVersion;
      const changes: Record<string, SyncedRow[]> = {};
      for (const t of tables) changes[t.name] = [];
      for (const { table, row } of page) changes[table]?.push(row);

      let remaining = 0;
      if (hasMore) {
        const counts = await db.batch<{ n: number }>(
          tables.map((t) => db.prepare(tableSql(t).count).bind(scope.householdId, scope.userId, lastVersion)),
        );
        for (const c of counts) {
          remaining += Number(c.results[0]?.n ?? 0);
          rowsRead += c.meta.rows_read ?? 0;
        }
      }
      return { changes, lastVersion, hasMore, remaining, rowsRead };
    },

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
