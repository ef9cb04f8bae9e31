import type { SyncedRow } from "../../core/define-table";
import type { PullResponse, PushResponse, RowResult } from "../../core/protocol";
import { isTableName, tableDef } from "../../core/tables";
import { type WireRow, encodeWireRow, usesCompactRows, withoutWriters } from "../../core/wire-row";

/**
 * Answers each client in the row form of the protocol it declared: compact rows (protocol 3) or,
 * for older clients until they are removed, the v2 rows with `fieldUpdatedAt` maps and nothing they
 * do not know (writers are left out).
 */
type AnyRow = SyncedRow | WireRow;

function rowFor(protocol: number | undefined, table: string, row: SyncedRow): AnyRow {
  if (usesCompactRows(protocol) && isTableName(table)) return encodeWireRow(tableDef(table), row);
  return withoutWriters(row);
}

/** A page of full rows for a protocol 1 or 2 client: without what those protocols do not have. */
export function pullFor(protocol: number | undefined, page: PullResponse<AnyRow>): PullResponse<AnyRow> {
  const changes: Record<string, AnyRow[]> = {};
  for (const [table, rows] of Object.entries(page.changes)) {
    changes[table] = rows.map((r) => ("stamps" in r ? r : rowFor(protocol, table, r as SyncedRow)));
  }
  return { ...page, changes };
}

export function pushFor(protocol: number | undefined, householdId: string, pushed: PushResponse): PushResponse<AnyRow> {
  const results: Record<string, RowResult<AnyRow>[]> = {};
  for (const [table, list] of Object.entries(pushed.results)) {
    results[table] = list.map((r) =>
      r.row ? { ...r, row: rowFor(protocol, table, r.row) } : (r as RowResult<AnyRow>),
    );
  }
  return usesCompactRows(protocol) ? { ...pushed, results, householdId } : { ...pushed, results };
}
