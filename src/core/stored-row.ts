import type { SyncedRow, TableDef } from "./define-table";
import type { WireRow } from "./wire-row";

/**
 * How a device keeps a synced row in IndexedDB (docs/sync-protocol.md "Rows on the device"). The
 * row's values, ownership and times are stored as they are; its `fieldUpdatedAt` map is not. Almost
 * every field's stamp is the row's own `updatedAt` (a row downloaded, created or written in one
 * change), and a map of ten ISO strings per row was most of what IndexedDB's structured clone paid
 * when a new device stored its rows. Instead:
 *
 * - `otherStamps` (present only when needed) holds the exceptions: a field whose stamp is not the
 *   row's `updatedAt` (its stamp), or that has no stamp (`null`), and any stamped name that is not
 *   one of the table's merge fields (kept as it was).
 * - Every other merge field's stamp is `updatedAt`.
 *
 * Keyed by field name, not by position, so a table that gains a field later still reads its old rows.
 * The form is lossless: `fromStoredRow(t, toStoredRow(t, row))` has the same stamps as `row`.
 * A row without `otherStamps` but with `fieldUpdatedAt` is a full row (written before version 4 of
 * the database): it reads as it is.
 */
export type StoredRow = Record<string, unknown> & {
  id: string;
  householdId: string;
  updatedAt: string;
  fieldUpdatedAt?: Record<string, string>;
  otherStamps?: Record<string, string | null>;
};

export function isFullRow(row: StoredRow): row is SyncedRow {
  return row.fieldUpdatedAt !== undefined;
}

/** The stored form of a full row. A row already in stored form is returned as it is. */
export function toStoredRow(table: TableDef, row: SyncedRow | StoredRow): StoredRow {
  if (!isFullRow(row)) return row;
  const { fieldUpdatedAt: stamps, ...stored } = row as StoredRow;
  let other: Record<string, string | null> | undefined;
  for (const f of table.mergeFields) {
    const ts = stamps![f];
    if (ts === undefined) (other ??= {})[f] = null;
    else if (ts !== row.updatedAt) (other ??= {})[f] = ts;
  }
  for (const f of Object.keys(stamps!)) if (!table.fieldDefs[f]) (other ??= {})[f] = stamps![f]!;
  if (other) stored.otherStamps = other;
  return stored;
}

/** The full row a stored row stands for (a full row, from before version 4, as it is). */
export function fromStoredRow(table: TableDef, stored: StoredRow): SyncedRow {
  if (isFullRow(stored)) return stored;
  const { otherStamps: other, ...row } = stored;
  const fieldUpdatedAt: Record<string, string> = {};
  for (const f of table.mergeFields) {
    const ts = other?.[f];
    if (ts === undefined) fieldUpdatedAt[f] = stored.updatedAt;
    else if (ts !== null) fieldUpdatedAt[f] = ts;
  }
  if (other)
    for (const [f, ts] of Object.entries(other) as [string, string | null][])
      if (!table.fieldDefs[f] && ts !== null) fieldUpdatedAt[f] = ts;
  return { ...row, fieldUpdatedAt } as SyncedRow;
}

/**
 * A compact wire row (protocol 3) straight to its stored form, as `toStoredRow(decodeWireRow(...))`
 * without writers would give, but without building the stamp map: a new device stores its download
 * this way. Writers are not stored (they only name the winners of conflicts found on arrival).
 */
export function storedFromWire(table: TableDef, wire: WireRow, householdId: string): StoredRow {
  const stamps = wire.stamps;
  // Copied key by key rather than spread and deleted from: an object with deleted keys is slower
  // for V8 and for IndexedDB's structured clone.
  const stored = {} as StoredRow;
  for (const k in wire) if (k !== "stamps" && k !== "writers") stored[k] = wire[k];
  stored.householdId = householdId;
  let other: Record<string, string | null> | undefined;
  let updatedMs: number | undefined;
  table.mergeFields.forEach((f, i) => {
    const offset = stamps[i];
    if (offset === 0) return;
    if (offset === null || offset === undefined) (other ??= {})[f] = null;
    else (other ??= {})[f] = new Date((updatedMs ??= Date.parse(wire.updatedAt)) - offset).toISOString();
  });
  if (other) stored.otherStamps = other;
  return stored;
}
