import type { TableDef } from "../../core/define-table";
import type { Stamped } from "../../core/merge-rows";

// Per-household quotas. The household's row and byte counts live on its `households` row and are
// kept current by triggers (src/core/ddl.ts quotaTriggers), so a push reads two numbers, never
// scans. A push estimates what each row adds (never less than the triggers will count, for rows
// that fit the formula), applies rows in order while they fit, and rejects the rest per row.

export interface Quota {
  maxRows: number;
  maxBytes: number;
}

export interface Usage {
  rows: number;
  bytes: number;
}

const encoder = new TextEncoder();

/** Bytes of a value as SQLite's LENGTH(CAST(v AS BLOB)) counts its stored form. */
function storedBytes(table: TableDef, field: string, value: unknown): number {
  const def = table.fieldDefs[field];
  if (!def) return 0;
  const stored = def.encode(value);
  if (stored === null) return 0;
  if (typeof stored === "number") return String(stored).length + 2;
  return encoder.encode(stored).length;
}

/** What one row of a push may add: a new row (if complete and new) and the bytes of its values. */
export function estimateRow(
  table: TableDef,
  row: { id: string; fields: Record<string, Stamped>; complete: boolean },
  exists: boolean,
): Usage {
  const carried = Object.entries(row.fields);
  // A delete only ever shrinks a household: it always fits.
  if (carried.every(([f, s]) => f === "deletedAt" && s.value !== null)) return { rows: 0, bytes: 0 };
  let bytes = 0;
  for (const [f, s] of carried) bytes += storedBytes(table, f, s.value);
  if (!row.complete || exists) return { rows: 0, bytes };
  bytes += 120 + 24 * table.mergeFields.length + encoder.encode(row.id).length;
  for (const f of table.mergeFields) {
    const def = table.fieldDefs[f];
    if (!(f in row.fields) && def?.hasDefault) bytes += storedBytes(table, f, def.defaultValue);
  }
  return { rows: 1, bytes };
}

/** Which rows fit, in order: those estimated at nothing always do. */
export function fitRows(usage: Usage, quota: Quota, estimates: readonly Usage[]): boolean[] {
  let { rows, bytes } = usage;
  return estimates.map((e) => {
    if (e.rows === 0 && e.bytes === 0) return true;
    if (rows + e.rows > quota.maxRows || bytes + e.bytes > quota.maxBytes) return false;
    rows += e.rows;
    bytes += e.bytes;
    return true;
  });
}
