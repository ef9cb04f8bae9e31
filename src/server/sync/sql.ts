import type { TableDef } from "../../core/define-table";
import { quoteIdent as q, rowSizeSql, tsColumn } from "../../core/ddl";

/**
 * The read SQL of one table, generated from its definition and cached. (Writes: write-sql.ts.)
 * Parameters: ?1 householdId, ?2 userId (used by user-scoped tables only; unused numbered
 * parameters are fine in SQLite), then the statement's own.
 */
export interface TableSql {
  selectColumns: string[];
  /**
   * ?3 after this version, ?5 up to this version, ?4 limit: changes oldest first through the (householdId[, userId],
   * version) index. Each row carries `__size`, its bytes as quotas count them (the page budget).
   */
  pull: string;
  /** ?3 after this version: how many changes follow. */
  count: string;
  /** ?3… the ids. */
  byIds: (n: number) => string;
}

const cache = new WeakMap<TableDef, TableSql>();

export function tableSql(table: TableDef): TableSql {
  const hit = cache.get(table);
  if (hit) return hit;
  const t = q(table.name);
  // Not householdId: every query is scoped to one household, which the caller knows.
  const selectColumns = ["id", "userId", "createdAt", "updatedAt", "syncedAt", "version", "writers"];
  for (const f of table.mergeFields) selectColumns.push(f, tsColumn(f));
  const columns = selectColumns.map(q).join(", ");
  const scopeWhere = `${q("householdId")} = ?1` + (table.scope === "user" ? ` AND ${q("userId")} = ?2` : "");
  const sql: TableSql = {
    selectColumns,
    // Purged tombstones (skeletons) are never pulled: a device that still had the row learned of the
    // delete before the purge, or resyncs and drops it (see purge-tombstones.ts).
    // (A running byte total inside SQLite — a window over a LIMITed subquery — was tried: D1 then
    // counted each row read about three times, so the caller reads in batches bounded by bytes.)
    pull: `SELECT ${columns}, ${rowSizeSql(table)} AS "__size" FROM ${t}\nWHERE ${scopeWhere} AND ${q("version")} > ?3 AND ${q("version")} <= ?5 AND ${q("purgedAt")} IS NULL ORDER BY ${q("version")} LIMIT ?4`,
    count: `SELECT COUNT(*) AS n FROM ${t} WHERE ${scopeWhere} AND ${q("version")} > ?3 AND ${q("purgedAt")} IS NULL`,
    byIds: (n) =>
      `SELECT ${columns} FROM ${t} WHERE ${scopeWhere} AND ${q("id")} IN (${Array.from({ length: n }, (_, i) => `?${i + 3}`).join(", ")})`,
  };
  cache.set(table, sql);
  return sql;
}
