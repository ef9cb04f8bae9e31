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
  ];
}
