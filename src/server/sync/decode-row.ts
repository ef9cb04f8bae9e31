import type { SqlValue } from "../../core/compare-values";
import { tsColumn } from "../../core/ddl";
import type { SyncedRow, TableDef } from "../../core/define-table";

/** A row as D1 returns it: one column per field and one `<field>__ts` per merged field. */
export type DbRow = Record<string, SqlValue>;

/** The wire row of a stored row (its `version`, the pull cursor, stays in `raw`). */
export function decodeRow(table: TableDef, raw: DbRow): SyncedRow {
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
  return row as SyncedRow;
}
