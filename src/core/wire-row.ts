import type { SyncedRow, TableDef } from "./define-table";

/**
 * Compact wire rows (protocol 3, docs/sync-protocol.md "Rows on the wire"). A row the server sends
 * keeps its values by field name, but:
 *
 * - `stamps` replaces the `fieldUpdatedAt` map: one number per merged field in the table's field
 *   order (`table.mergeFields`, from src/core/tables.ts), the milliseconds the field's stamp lies
 *   before the row's `updatedAt` (0 for the common case of a field written with the row's latest
 *   change); `null` for a field without a stamp.
 * - `writers` (optional) says who wrote each field's current value, in the same order: `0` for the
 *   row's `userId`, a user id for anyone else, `null` when not known (a default nobody wrote, or a
 *   value written before writers were recorded). Left out when no field has a known writer.
 * - `householdId` is not repeated in every row: it travels once with the page (or push answer).
 *
 * Stamps are ISO 8601 with milliseconds in a fixed form (see time.ts), so a stamp rebuilt from its
 * offset is the same string.
 */
export interface WireRow {
  id: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  syncedAt: string | null;
  stamps: (number | null)[];
  writers?: (string | 0 | null)[];
  [field: string]: unknown;
}

/** The protocol whose rows are compact; older protocols get `SyncedRow`s with `fieldUpdatedAt`. */
export const COMPACT_ROWS_PROTOCOL = 3;

export function usesCompactRows(protocol: number | undefined): boolean {
  return (protocol ?? 1) >= COMPACT_ROWS_PROTOCOL;
}

/** The offset of a stamp before `updatedAt` (`updatedMs` is its parse, computed once per row). */
function offsetOf(ts: string | undefined, updatedAt: string, updatedMs: number): number | null {
  if (ts === undefined) return null;
  return ts === updatedAt ? 0 : updatedMs - Date.parse(ts);
}

export function encodeWireRow(table: TableDef, row: SyncedRow): WireRow {
  const out: WireRow = {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    syncedAt: row.syncedAt,
    stamps: [],
  };
  const updatedMs = Date.parse(row.updatedAt);
  const writers: (string | 0 | null)[] = [];
  let anyWriter = false;
  for (const f of table.mergeFields) {
    out[f] = row[f];
    out.stamps.push(offsetOf(row.fieldUpdatedAt[f], row.updatedAt, updatedMs));
    const by = row.fieldWriters?.[f];
    if (by === undefined) writers.push(null);
    else {
      anyWriter = true;
      writers.push(by === row.userId ? 0 : by);
    }
  }
  if (anyWriter) out.writers = writers;
  return out;
}

/** The row a compact wire row stands for; `householdId` comes from the page that carried it. */
export function decodeWireRow(
  table: TableDef,
  wire: WireRow,
  householdId: string,
  /** `writers: false` leaves them out (rows to store, when no conflict can need them). */
  options: { writers?: boolean } = {},
): SyncedRow {
  const withWriters = options.writers ?? true;
  const row: Record<string, unknown> = {
    id: wire.id,
    householdId,
    userId: wire.userId,
    createdAt: wire.createdAt,
    updatedAt: wire.updatedAt,
    syncedAt: wire.syncedAt,
  };
  const fieldUpdatedAt: Record<string, string> = {};
  const updatedMs = Date.parse(wire.updatedAt);
  let fieldWriters: Record<string, string> | undefined;
  table.mergeFields.forEach((f, i) => {
    row[f] = wire[f];
    const offset = wire.stamps[i];
    if (offset !== null && offset !== undefined) {
      fieldUpdatedAt[f] = offset === 0 ? wire.updatedAt : new Date(updatedMs - offset).toISOString();
    }
    const by = withWriters ? wire.writers?.[i] : undefined;
    if (by !== null && by !== undefined) (fieldWriters ??= {})[f] = by === 0 ? wire.userId : by;
  });
  row.fieldUpdatedAt = fieldUpdatedAt;
  if (fieldWriters) row.fieldWriters = fieldWriters;
  return row as SyncedRow;
}

/** Is this a compact row (protocol 3), rather than a full row from an older server? */
export function isCompact(row: WireRow | SyncedRow): row is WireRow {
  return "stamps" in row && Array.isArray(row.stamps);
}

/** A row as a server answered it: compact (protocol 3) or, from an older server, a full row. */
export function rowFromWire(
  table: TableDef,
  row: WireRow | SyncedRow,
  householdId: string | undefined,
  options: { writers?: boolean } = {},
): SyncedRow {
  if (!isCompact(row)) return row;
  return decodeWireRow(table, row, householdId ?? "", options);
}

/** A row without its writers: as devices store rows, and as protocol 1 and 2 clients get them. */
export function withoutWriters(row: SyncedRow): SyncedRow {
  if (row.fieldWriters === undefined) return row;
  const copy = { ...row };
  delete copy.fieldWriters;
  return copy;
}
