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
  /**
   * The same rows as `pull` (same parameters and order), each as its compact wire row (protocol 3,
   * src/core/wire-row.ts) in JSON text written by SQLite, in ONE result row: `versions` and `sizes`
   * (`__size`) joined by commas, the rows' texts joined by line feeds (JSON text as SQLite writes
   * it holds none), NULL when no row. One row of three strings crosses from D1 to the Worker far
   * more cheaply than thousands of rows of many columns; the Worker places rows in the page and
   * writes their text into the answer without decoding them (`unpackWire` in pull-page.ts).
   */
  pullWire: string;
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
  const where = `${scopeWhere} AND ${q("version")} > ?3 AND ${q("version")} <= ?5 AND ${q("purgedAt")} IS NULL ORDER BY ${q("version")} LIMIT ?4`;
  const sql: TableSql = {
    selectColumns,
    pullWire:
      `SELECT group_concat("v") AS "versions", group_concat("s") AS "sizes", group_concat("w", char(10)) AS "rows"\n` +
      `FROM (SELECT ${q("version")} AS "v", ${rowSizeSql(table)} AS "s", ${wireRowSql(table)} AS "w" FROM ${t}\nWHERE ${where})`,
    // Purged tombstones (skeletons) are never pulled: a device that still had the row learned of the
    // delete before the purge, or resyncs and drops it (see purge-tombstones.ts).
    // (A running byte total inside SQLite — a window over a LIMITed subquery — was tried: D1 then
    // counted each row read about three times, so the caller reads in batches bounded by bytes.)
    pull: `SELECT ${columns}, ${rowSizeSql(table)} AS "__size" FROM ${t}\nWHERE ${where}`,
    count: `SELECT COUNT(*) AS n FROM ${t} WHERE ${scopeWhere} AND ${q("version")} > ?3 AND ${q("purgedAt")} IS NULL`,
    byIds: (n) =>
      `SELECT ${columns} FROM ${t} WHERE ${scopeWhere} AND ${q("id")} IN (${Array.from({ length: n }, (_, i) => `?${i + 3}`).join(", ")})`,
  };
  cache.set(table, sql);
  return sql;
}

/**
 * A stored row as its compact wire row in JSON text (what `encodeWireRow(decodeRow(row))` gives):
 * values as their field's `wireSql`, each stamp as milliseconds before `updatedAt` (0 when equal;
 * SQLite's julianday counts whole milliseconds, so the rounded difference is exact), and the stored
 * `writers` as they are (already in the wire's form: 0 for the row's owner), left out when NULL or
 * all null.
 */
function wireRowSql(table: TableDef): string {
  const updatedAt = q("updatedAt");
  const stamp = (f: string) => {
    const ts = q(tsColumn(f));
    return `CASE WHEN ${ts} = ${updatedAt} THEN 0 ELSE CAST(ROUND((julianday(${updatedAt}) - julianday(${ts})) * 86400000) AS INTEGER) END`;
  };
  const pairs = [
    ...["id", "userId", "createdAt", "updatedAt", "syncedAt"].map((c) => `'${c}', ${q(c)}`),
    `'stamps', json_array(${table.mergeFields.map(stamp).join(", ")})`,
    ...table.mergeFields.map((f) => `'${f}', ${table.fieldDefs[f]?.wireSql(q(f)) ?? "NULL"}`),
  ];
  const noWriters = `[${table.mergeFields.map(() => "null").join(",")}]`;
  const writers = q("writers");
  return (
    `CASE WHEN ${writers} IS NULL OR ${writers} = '${noWriters}' THEN json_object(${pairs.join(", ")})\n` +
    `ELSE json_object(${pairs.join(", ")}, 'writers', json(${writers})) END`
  );
}
