import type { TableDef } from "./define-table";

/** Column holding the write time of a merged field. */
export function tsColumn(field: string): string {
  return `${field}__ts`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The D1 DDL of a synced table, derived from its definition. Rows are keyed by (householdId, id), so
 * no write can reach across households; `version` is the household change sequence that pull reads
 * through the (householdId[, userId], version) index, in proportion to the changes returned.
 */
export function tableDdl(table: TableDef): string[] {
  const q = quoteIdent;
  const cols = [
    `${q("householdId")} TEXT NOT NULL`,
    `${q("id")} TEXT NOT NULL`,
    `${q("userId")} TEXT NOT NULL`,
    `${q("createdAt")} TEXT NOT NULL`,
    `${q("updatedAt")} TEXT NOT NULL`,
    `${q("syncedAt")} TEXT NOT NULL`,
    `${q("version")} INTEGER NOT NULL`,
    // Set when a tombstone's payload is collected: the skeleton that stays refuses every later write.
    `${q("purgedAt")} TEXT`,
  ];
  for (const f of table.mergeFields) {
    const def = table.fieldDefs[f];
    if (!def) continue;
    cols.push(`${q(f)} ${def.sqlType}`, `${q(tsColumn(f))} TEXT NOT NULL`);
  }
  cols.push(`PRIMARY KEY (${q("householdId")}, ${q("id")})`);
  const indexCols = table.scope === "user" ? ["householdId", "userId", "version"] : ["householdId", "version"];
  return [
    `CREATE TABLE ${q(table.name)} (\n  ${cols.join(",\n  ")}\n) WITHOUT ROWID;`,
    `CREATE INDEX ${q(`${table.name}_changes`)} ON ${q(table.name)} (${indexCols.map(q).join(", ")});`,
    `CREATE INDEX ${q(`${table.name}_tombstones`)} ON ${q(table.name)} (${q(tsColumn("deletedAt"))}) WHERE ${q("deletedAt")} IS NOT NULL;`,
    ...quotaTriggers(table),
  ];
}

/** Bytes a row costs beyond its values: ids, owner, common timestamps and version. */
const ROW_OVERHEAD = 120;
/** Bytes each merged field costs beyond its value: its timestamp. */
const FIELD_OVERHEAD = 24;

/**
 * The bytes a stored row counts for (quotas, page budgets): its id and values as stored, plus a fixed
 * cost per row and per field stamp. `ref` prefixes the columns (`NEW.`, `OLD.`, a table alias).
 */
export function rowSizeSql(table: TableDef, ref = ""): string {
  const length = (c: string) => `COALESCE(LENGTH(CAST(${ref}${quoteIdent(c)} AS BLOB)), 0)`;
  const overhead = ROW_OVERHEAD + FIELD_OVERHEAD * table.mergeFields.length;
  return `(${[String(overhead), length("id"), ...table.mergeFields.map(length)].join(" + ")})`;
}

/**
 * Triggers that keep the household's row and byte counts (quotas) current as rows are written and
 * purged: counted as they change, never by scanning. A deleted row counts its bytes (until the purge
 * drops its payload), not as a row.
 */
export function quotaTriggers(table: TableDef): string[] {
  const q = quoteIdent;
  const t = q(table.name);
  // Rows count while not deleted, so deleting makes room at once; bytes count until the purge.
  const live = (ref: string) => `(CASE WHEN ${ref}${q("deletedAt")} IS NULL THEN 1 ELSE 0 END)`;
  const bump = (rows: string, bytes: string, ref: string) =>
    `UPDATE ${q("households")} SET ${q("rowCount")} = ${q("rowCount")} + ${rows}, ${q("byteCount")} = ${q("byteCount")} + ${bytes} WHERE ${q("id")} = ${ref}${q("householdId")};`;
  return [
    `DROP TRIGGER IF EXISTS ${q(`${table.name}_quota_insert`)};`,
    `DROP TRIGGER IF EXISTS ${q(`${table.name}_quota_update`)};`,
    `DROP TRIGGER IF EXISTS ${q(`${table.name}_quota_delete`)};`,
    `CREATE TRIGGER ${q(`${table.name}_quota_insert`)} AFTER INSERT ON ${t} BEGIN ${bump(live("NEW."), rowSizeSql(table, "NEW."), "NEW.")} END;`,
    `CREATE TRIGGER ${q(`${table.name}_quota_update`)} AFTER UPDATE ON ${t} BEGIN ${bump(
      `${live("NEW.")} - ${live("OLD.")}`,
      `${rowSizeSql(table, "NEW.")} - ${rowSizeSql(table, "OLD.")}`,
      "NEW.",
    )} END;`,
    `CREATE TRIGGER ${q(`${table.name}_quota_delete`)} AFTER DELETE ON ${t} BEGIN ${bump(
      `-${live("OLD.")}`,
      `-${rowSizeSql(table, "OLD.")}`,
      "OLD.",
    )} END;`,
  ];
}

/**
 * One statement that counts every household's rows and bytes afresh from what its tables hold, as
 * the quota triggers would have: needed once whenever the triggers' formula changes for a table that
 * already has rows, or their later updates would subtract sizes that were never added.
 */
export function quotaRecount(tables: readonly TableDef[]): string {
  const q = quoteIdent;
  const scoped = (table: TableDef) =>
    `FROM ${q(table.name)} x WHERE x.${q("householdId")} = ${q("households")}.${q("id")}`;
  const rows = tables.map((t) => `(SELECT COUNT(*) ${scoped(t)} AND x.${q("deletedAt")} IS NULL)`).join(" + ");
  const bytes = tables.map((t) => `(SELECT COALESCE(SUM(${rowSizeSql(t, "x.")}), 0) ${scoped(t)})`).join(" + ");
  return `UPDATE ${q("households")} SET ${q("rowCount")} = ${rows}, ${q("byteCount")} = ${bytes};`;
}

/** Columns of a table in DDL order, for the check that migrations match the definitions. */
export function tableColumns(table: TableDef): string[] {
  const cols = ["householdId", "id", "userId", "createdAt", "updatedAt", "syncedAt", "version", "purgedAt"];
  for (const f of table.mergeFields) cols.push(f, tsColumn(f));
  return cols;
}
