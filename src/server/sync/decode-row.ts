import type { SqlValue } from "../../core/compare-values";
import { tsColumn } from "../../core/ddl";
import type { SyncedRow, TableDef } from "../../core/define-table";

/** A row as D1 returns it: one column per field and one `<field>__ts` per merged field. */
export type DbRow = Record<string, SqlValue>;

/** The wire row of a stored row (its `version`, the pull cursor, stays in `raw`). */
export function decodeRow(table: TableDef, raw: DbRow, householdId: string): SyncedRow {
  const row: Record<string, unknown> = {
    id: raw.id,
    householdId,
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
  const writers = parseWriters(raw.writers);
  if (writers) {
    const fieldWriters: Record<string, string> = {};
    table.mergeFields.forEach((f, i) => {
      const by = writers[i];
      if (by === 0) fieldWriters[f] = String(raw.userId);
      else if (typeof by === "string") fieldWriters[f] = by;
    });
    row.fieldWriters = fieldWriters;
  }
  return row as SyncedRow;
}

/** The stored `writers` column: a JSON array in mergeFields order (0: the row's userId), NULL for rows from before it. */
export function parseWriters(stored: SqlValue | undefined): unknown[] | null {
  if (typeof stored !== "string") return null;
  const parsed = JSON.parse(stored) as unknown;
  return Array.isArray(parsed) ? parsed : null;
}
