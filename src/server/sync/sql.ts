import type { TableDef } from "../../core/define-table";
import { quoteIdent as q, tsColumn } from "../../core/ddl";

/**
 * SQL for one table, generated from its definition and cached. The per-field last-write-wins merge
 * runs inside SQLite (an UPSERT whose SET picks each field's winner) so a push is one atomic batch
 * with no read-modify-write race between two concurrent pushes. Its rules mirror `mergeRow` in the
 * core exactly; a test checks the two agree.
 *
 * Parameters of the write statements:
 *   ?1 householdId  ?2 id  ?3 userId  ?4 createdAt  ?5 syncedAt (server now)
 *   ?6 sequence offset of this row in the batch  ?7 updatedAt of the pushed row
 * Unused numbered parameters are fine in SQLite (the count is the highest index).
 *   then per merged field k: ?(8+2k) value, ?(9+2k) its timestamp, NULL when the row does not carry it.
 */
export interface TableSql {
  selectColumns: string[];
  upsert: string;
  update: string;
  pull: string;
  count: string;
  byIds: (n: number) => string;
  paramCount: number;
}

const cache = new WeakMap<TableDef, TableSql>();
const D1_MAX_PARAMS = 100;

export function tableSql(table: TableDef): TableSql {
  const hit = cache.get(table);
  if (hit) return hit;
  const t = q(table.name);
  const fields = table.mergeFields;
  const v = (k: number) => `?${8 + 2 * k}`;
  const c = (k: number) => `?${9 + 2 * k}`;
  const cur = (f: string) => `${t}.${q(f)}`;
  const curTs = (f: string) => `${t}.${q(tsColumn(f))}`;

  // Incoming wins on a later timestamp, or on an equal one with the greater value (NULL lowest).
  const winsExpr = fields.map(
    (f, k) =>
      `(${c(k)} IS NOT NULL AND (${c(k)} > ${curTs(f)} OR (${c(k)} = ${curTs(f)} AND ${v(k)} IS NOT NULL AND (${cur(f)} IS NULL OR ${v(k)} > ${cur(f)}))))`,
  );
  const anyWin = `(${winsExpr.join(" OR ")})`;
  const seq = `(SELECT ${q("seq")} FROM ${q("households")} WHERE ${q("id")} = ?1) - ?6`;
  const set = [
    ...fields.flatMap((f, k) => [
      `${q(f)} = CASE WHEN ${winsExpr[k]} THEN ${v(k)} ELSE ${cur(f)} END`,
      `${q(tsColumn(f))} = CASE WHEN ${winsExpr[k]} THEN ${c(k)} ELSE ${curTs(f)} END`,
    ]),
    `${q("updatedAt")} = MAX(${fields.map((f, k) => `CASE WHEN ${winsExpr[k]} THEN ${c(k)} ELSE ${curTs(f)} END`).join(", ")})`,
    `${q("version")} = CASE WHEN ${anyWin} THEN ${seq} ELSE ${t}.${q("version")} END`,
    `${q("syncedAt")} = CASE WHEN ${anyWin} THEN ?5 ELSE ${t}.${q("syncedAt")} END`,
  ].join(",\n  ");

  const selectColumns = ["householdId", "id", "userId", "createdAt", "updatedAt", "syncedAt", "version"];
  for (const f of fields) selectColumns.push(f, tsColumn(f));
  const returning = `RETURNING ${selectColumns.map(q).join(", ")}`;
  const insertCols = selectColumns.map(q).join(", ");
  const insertVals = [
    "?1",
    "?2",
    "?3",
    "?4",
    "?7",
    "?5",
    seq,
    ...fields.flatMap((_, k) => [v(k), `COALESCE(${c(k)}, ?7)`]),
  ].join(", ");
  const userOnly = table.scope === "user";

  const upsert =
    `INSERT INTO ${t} (${insertCols}) VALUES (${insertVals})\n` +
    `ON CONFLICT (${q("householdId")}, ${q("id")}) DO UPDATE SET\n  ${set}\n` +
    (userOnly ? `WHERE ${t}.${q("userId")} = ?3\n` : "") +
    returning;
  const update =
    `UPDATE ${t} SET\n  ${set}\nWHERE ${q("householdId")} = ?1 AND ${q("id")} = ?2` +
    (userOnly ? ` AND ${q("userId")} = ?3` : "") +
    `\n${returning}`;

  const scopeWhere = `${q("householdId")} = ?1` + (userOnly ? ` AND ${q("userId")} = ?2` : "");
  const pull =
    `SELECT ${selectColumns.map(q).join(", ")} FROM ${t}\n` +
    `WHERE ${scopeWhere} AND ${q("version")} > ?3 ORDER BY ${q("version")} LIMIT ?4`;
  const count = `SELECT COUNT(*) AS n FROM ${t} WHERE ${scopeWhere} AND ${q("version")} > ?3`;
  const byIds = (n: number) =>
    `SELECT ${selectColumns.map(q).join(", ")} FROM ${t} WHERE ${scopeWhere} AND ${q("id")} IN (${Array.from({ length: n }, (_, i) => `?${i + 3}`).join(", ")})`;

  const paramCount = 7 + 2 * fields.length;
  if (paramCount > D1_MAX_PARAMS) {
    throw new Error(`${table.name}: ${fields.length} merged fields need ${paramCount} bound parameters; D1 allows 100`);
  }
  const sql: TableSql = { selectColumns, upsert, update, pull, count, byIds, paramCount };
  cache.set(table, sql);
  return sql;
}
