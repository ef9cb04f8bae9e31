import type { SqlValue } from "../../core/compare-values";
import { quoteIdent as q, tsColumn } from "../../core/ddl";
import type { TableDef } from "../../core/define-table";
import { LOWEST_STAMP } from "../../core/time";

/**
 * The push write: one multi-row UPSERT per table and shape (the set of fields the rows carry),
 * whose rows travel as ONE bound JSON parameter read with json_each. That keeps D1's 100-parameter
 * limit out of the picture and sends a push of 500 rows as a handful of statements instead of 500.
 *
 * The per-field last-write-wins merge runs inside SQLite in the DO UPDATE: each carried field takes
 * the incoming value when its timestamp is later, or equal with a greater value (NULL lowest) —
 * exactly `mergeRow` in the core (a test checks the two agree). Fields a row does not carry are not
 * in the SET at all, so they never change. A partial row (not `complete`) only updates an existing
 * row: the WHERE EXISTS keeps it from being inserted, and it comes back from RETURNING only if it
 * was there. A user-scoped row is only updated by its owner, and a purged tombstone by nobody
 * (DO UPDATE … WHERE).
 *
 * Every write also records who wrote each field's current value (`writers`, a JSON array in
 * mergeFields order), so the server can say who made the change that won a conflict.
 *
 * Parameters: ?1 householdId, ?2 userId, ?3 server time (syncedAt), ?4 JSON array of rows, each
 * `[id, createdAt, updatedAt, sequenceOffset, value0, ts0, value1, ts1, …]` over the carried fields.
 */
export interface WriteShape {
  table: TableDef;
  carried: readonly string[];
  complete: boolean;
}

const cache = new Map<string, string>();

export function shapeKey(shape: WriteShape): string {
  return `${shape.table.name}|${shape.complete ? "c" : "p"}|${shape.carried.join(",")}`;
}

export function writeSql(shape: WriteShape): string {
  const key = shapeKey(shape);
  const hit = cache.get(key);
  if (hit) return hit;
  const { table, carried, complete } = shape;
  const t = q(table.name);
  const at = (i: number) => `json_extract(j.value, '$[${i}]')`;
  const carriedIndex = new Map(carried.map((f, k) => [f, k]));

  // Column list and the projection that fills it for an insert.
  const columns = ["householdId", "id", "userId", "createdAt", "updatedAt", "syncedAt", "version"];
  const projection = [
    "?1",
    at(0),
    "?2",
    at(1),
    at(2),
    "?3",
    `(SELECT ${q("seq")} FROM ${q("households")} WHERE ${q("id")} = ?1) - ${at(3)}`,
  ];
  for (const f of table.mergeFields) {
    const def = table.fieldDefs[f];
    if (!def) continue;
    const k = carriedIndex.get(f);
    columns.push(f, tsColumn(f));
    if (k !== undefined) projection.push(at(4 + 2 * k), at(5 + 2 * k));
    // Not carried: a complete row takes the default, stamped lowest so any explicit write beats it
    // whichever arrives first; a partial row is never inserted.
    else projection.push(sqlLiteral(def.hasDefault ? def.encode(def.defaultValue) : null), sqlLiteral(LOWEST_STAMP));
  }
  // Writers, in mergeFields order, in the wire's form: 0 for the row's owner (on an insert, the
  // pushing user), else a user id; NULL for a default nobody wrote. Mostly `[0,0,…]`: a few bytes.
  columns.push("writers");
  projection.push(`json_array(${table.mergeFields.map((f) => (carriedIndex.has(f) ? "0" : "NULL")).join(", ")})`);

  const ex = (c: string) => `excluded.${q(c)}`;
  const cur = (c: string) => `${t}.${q(c)}`;
  const wins = (f: string) =>
    `(${ex(tsColumn(f))} > ${cur(tsColumn(f))} OR (${ex(tsColumn(f))} = ${cur(tsColumn(f))} AND ${ex(f)} IS NOT NULL AND (${cur(f)} IS NULL OR ${ex(f)} > ${cur(f)})))`;
  const anyWin = `(${carried.map(wins).join(" OR ")})`;
  const writer = `(CASE WHEN ${cur("userId")} = ?2 THEN 0 ELSE ?2 END)`;
  const newTs = (f: string) =>
    carriedIndex.has(f)
      ? `CASE WHEN ${wins(f)} THEN ${ex(tsColumn(f))} ELSE ${cur(tsColumn(f))} END`
      : cur(tsColumn(f));
  const set = [
    ...carried.flatMap((f) => [
      `${q(f)} = CASE WHEN ${wins(f)} THEN ${ex(f)} ELSE ${cur(f)} END`,
      `${q(tsColumn(f))} = ${newTs(f)}`,
    ]),
    `${q("updatedAt")} = MAX(${table.mergeFields.map(newTs).join(", ")})`,
    // The writer of a field changes with its value: to the pushing user (?2) where the push wins.
    `${q("writers")} = json_array(${table.mergeFields
      .map((f, i) => {
        const kept = `json_extract(${cur("writers")}, '$[${i}]')`;
        return carriedIndex.has(f) ? `CASE WHEN ${wins(f)} THEN ${writer} ELSE ${kept} END` : kept;
      })
      .join(", ")})`,
    `${q("version")} = CASE WHEN ${anyWin} THEN ${ex("version")} ELSE ${cur("version")} END`,
    `${q("syncedAt")} = CASE WHEN ${anyWin} THEN ?3 ELSE ${cur("syncedAt")} END`,
  ];
  const exists = `EXISTS (SELECT 1 FROM ${t} AS x WHERE x.${q("householdId")} = ?1 AND x.${q("id")} = ${at(0)})`;
  const sql =
    `INSERT INTO ${t} (${columns.map(q).join(", ")})\n` +
    `SELECT ${projection.join(", ")} FROM json_each(?4) AS j WHERE ${complete ? "true" : exists}\n` +
    `ON CONFLICT (${q("householdId")}, ${q("id")}) DO UPDATE SET\n  ${set.join(",\n  ")}\n` +
    // A purged tombstone is final: no write of any age changes it (the push answers with it, stale).
    `WHERE ${cur("purgedAt")} IS NULL` +
    (table.scope === "user" ? ` AND ${cur("userId")} = ?2\n` : "\n") +
    `RETURNING ${columns.map(q).join(", ")}`;
  cache.set(key, sql);
  return sql;
}

function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "NULL";
  return `'${value.replaceAll("'", "''")}'`;
}
