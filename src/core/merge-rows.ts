import { compareSqlValues } from "./compare-values";
import type { PushedRow, SyncedRow, TableDef } from "./define-table";
import { LOWEST_STAMP, maxIso } from "./time";

/** One field's value with the time it was written. */
export interface Stamped {
  value: unknown;
  ts: string;
}

/** A change to one row: the fields it carries, each stamped. Absent fields are left alone. */
export interface RowChange {
  id: string;
  createdAt?: string | undefined;
  fields: Record<string, Stamped>;
}

/**
 * Does `incoming` beat `current`? Later timestamp wins; on equal timestamps the greater stored value
 * (SQLite's order, see compareSqlValues) wins, so every replica picks the same value in any order.
 */
export function wins(table: TableDef, field: string, incoming: Stamped, current: Stamped): boolean {
  if (incoming.ts !== current.ts) return incoming.ts > current.ts;
  const def = table.fieldDefs[field];
  if (!def) return false;
  return compareSqlValues(def.encode(incoming.value), def.encode(current.value)) > 0;
}

export function sameValue(table: TableDef, field: string, a: unknown, b: unknown): boolean {
  const def = table.fieldDefs[field];
  if (!def) return false;
  return compareSqlValues(def.encode(a), def.encode(b)) === 0;
}

/** A pushed row as a change: a field without its own timestamp takes the row's `updatedAt`. */
export function changeFromPushed(row: PushedRow): RowChange {
  const fields: Record<string, Stamped> = {};
  for (const [key, value] of Object.entries(row.values)) {
    fields[key] = { value, ts: row.fieldUpdatedAt?.[key] ?? row.updatedAt };
  }
  return { id: row.id, createdAt: row.createdAt, fields };
}

/** A full row as a change carrying every field. */
export function changeFromRow(table: TableDef, row: SyncedRow): RowChange {
  const fields: Record<string, Stamped> = {};
  for (const key of table.mergeFields) {
    fields[key] = { value: row[key], ts: row.fieldUpdatedAt[key] ?? row.updatedAt };
  }
  return { id: row.id, createdAt: row.createdAt, fields };
}

export interface MergeResult {
  /** The merged row. */
  row: SyncedRow;
  /** Whether any value or field timestamp changed. */
  changed: boolean;
  /** Fields the change carried whose value lost to a newer, different value. */
  lost: string[];
  /** Fields whose incoming value was taken. */
  won: string[];
}

/**
 * Per-field last-write-wins. Pure and total: merging the same changes in any order, any number of
 * times, gives the same row. `updatedAt` of the result is its latest field timestamp.
 */
export function mergeRow(table: TableDef, current: SyncedRow, change: RowChange): MergeResult {
  const row: SyncedRow = { ...current, fieldUpdatedAt: { ...current.fieldUpdatedAt } };
  const lost: string[] = [];
  const won: string[] = [];
  for (const [key, incoming] of Object.entries(change.fields)) {
    if (!table.fieldDefs[key]) continue;
    const have: Stamped = { value: current[key], ts: current.fieldUpdatedAt[key] ?? current.updatedAt };
    if (wins(table, key, incoming, have)) {
      row[key] = incoming.value;
      row.fieldUpdatedAt[key] = incoming.ts;
      won.push(key);
    } else if (!sameValue(table, key, incoming.value, have.value)) {
      lost.push(key);
    }
  }
  row.updatedAt = maxIso(...table.mergeFields.map((f) => row.fieldUpdatedAt[f] ?? row.updatedAt));
  return { row, changed: won.length > 0, lost, won };
}

/** A new row from a complete change; missing fields take their defaults, stamped lowest (any write beats them). */
export function rowFromChange(
  table: TableDef,
  change: RowChange,
  owner: { householdId: string; userId: string },
): SyncedRow {
  const updatedAt = maxIso(...Object.values(change.fields).map((f) => f.ts));
  const row: Record<string, unknown> = {
    id: change.id,
    householdId: owner.householdId,
    userId: owner.userId,
    createdAt: change.createdAt ?? updatedAt,
    updatedAt,
    syncedAt: null,
  };
  const fieldUpdatedAt: Record<string, string> = {};
  for (const key of table.mergeFields) {
    const stamped = change.fields[key];
    row[key] = stamped ? stamped.value : table.fieldDefs[key]?.defaultValue;
    fieldUpdatedAt[key] = stamped ? stamped.ts : LOWEST_STAMP;
  }
  row.fieldUpdatedAt = fieldUpdatedAt;
  return row as SyncedRow;
}
