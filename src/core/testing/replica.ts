import { compareSqlValues } from "../compare-values";
import type { SyncedRow, TableDef } from "../define-table";
import { type RowChange, mergeRow, rowFromChange } from "../merge-rows";
import { BASE_MS } from "./arbitraries";
import { toIso } from "../time";

// A replica of one table for the sync simulations: what a device's Dexie store or the server holds,
// reduced to rows by id, merged with nothing but the core's pure functions.

export const OWNER = { householdId: "h1", userId: "u1" };
export const SEED_TS = toIso(BASE_MS - 60_000);

/** The row every replica starts from: required text fields "seed", the rest their defaults. */
export function seedRow(table: TableDef, id: string): SyncedRow {
  const fields: RowChange["fields"] = {};
  for (const f of table.mergeFields) {
    const def = table.fieldDefs[f];
    fields[f] = { value: def?.hasDefault ? def.defaultValue : "seed", ts: SEED_TS };
  }
  return rowFromChange(table, { id, createdAt: SEED_TS, fields }, OWNER);
}

export class Replica {
  readonly rows = new Map<string, SyncedRow>();

  constructor(
    readonly table: TableDef,
    ids: readonly string[],
  ) {
    for (const id of ids) this.rows.set(id, seedRow(table, id));
  }

  apply(change: RowChange): void {
    const current = this.rows.get(change.id);
    this.rows.set(
      change.id,
      current ? mergeRow(this.table, current, change).row : rowFromChange(this.table, change, OWNER),
    );
  }

  snapshot(): Record<string, SyncedRow> {
    return Object.fromEntries([...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/** Later timestamp first, then SQLite's value order: the pair that must win a field. */
export function beats(
  table: TableDef,
  field: string,
  a: { ts: string; value: unknown },
  b: { ts: string; value: unknown },
) {
  if (a.ts !== b.ts) return a.ts > b.ts;
  const def = table.fieldDefs[field];
  if (!def) return false;
  return compareSqlValues(def.encode(a.value), def.encode(b.value)) > 0;
}

/**
 * What every replica must end with, computed without mergeRow: for each row and field, the value
 * with the latest timestamp among the seed and every change, ties to the greater value.
 */
export function expectedFields(
  table: TableDef,
  ids: readonly string[],
  changes: readonly RowChange[],
): Record<string, Record<string, { value: unknown; ts: string }>> {
  const out: Record<string, Record<string, { value: unknown; ts: string }>> = {};
  for (const id of ids) {
    const seed = seedRow(table, id);
    out[id] = Object.fromEntries(table.mergeFields.map((f) => [f, { value: seed[f], ts: SEED_TS }]));
  }
  for (const change of changes) {
    const row = out[change.id];
    if (!row) continue;
    for (const [f, stamped] of Object.entries(change.fields)) {
      const have = row[f];
      if (!have || beats(table, f, stamped, have)) row[f] = stamped;
    }
  }
  return out;
}
