import { type PassHint, cursorProblem } from "../../core/cursor";
import type { SyncedRow } from "../../core/define-table";
import { DomusError } from "../../core/errors";
import { TABLE_DEFS } from "../../core/tables";
import { type DbRow, decodeRow } from "./decode-row";
import type { PulledPage, Scope } from "./row-store";
import { tableSql } from "./sql";
import type { D1Queryable } from "./d1";

const HORIZON = `SELECT "seq", "purgedSeq" FROM "households" WHERE "id" = ?1`;

/** Refuses (resync_required) a cursor that cannot continue, before anything else is done with it. */
export async function checkCursor(db: D1Queryable, scope: Scope, afterVersion: number): Promise<void> {
  const row = await db.prepare(HORIZON).bind(scope.householdId).first<{ seq: number; purgedSeq: number }>();
  const problem = cursorProblem(afterVersion, Number(row?.seq ?? 0), Number(row?.purgedSeq ?? 0));
  if (problem) throw new DomusError("resync_required", problem);
}

/**
 * One page of changes after `afterVersion`, oldest first, across every table, in one D1 batch (one
 * snapshot). Each table reads at most `limit + 1` rows through its (householdId[, userId], version)
 * index, so an empty pull reads about one row per table plus the household's horizon; `rowsRead`
 * is the sum of D1's own `meta.rows_read` over every statement run, nothing estimated.
 *
 * The page is exact: versions are unique across the household's tables, so every row with a version
 * up to the page's last one is in the page, and the next page starts right after it.
 *
 * Pages are bounded by bytes too (`maxBytes`, as quotas count a row): the page stops before the row
 * that would pass the budget, and always holds one row. (The rows read to decide are still bounded
 * by `limit` per table, not by bytes: see docs/sync-protocol.md.)
 */
export async function pullPage(
  db: D1Queryable,
  input: { scope: Scope; afterVersion: number; limit: number; maxBytes: number; pass?: PassHint | undefined },
): Promise<PulledPage> {
  const { scope, afterVersion, limit, pass, maxBytes } = input;
  const tables = TABLE_DEFS;
  const [horizon, ...perTable] = await db.batch<DbRow>([
    db.prepare(HORIZON).bind(scope.householdId),
    ...tables.map((t) => db.prepare(tableSql(t).pull).bind(scope.householdId, scope.userId, afterVersion, limit + 1)),
  ]);
  let rowsRead = horizon?.meta.rows_read ?? 0;
  const seq = Number(horizon?.results[0]?.seq ?? 0);
  const purgedSeq = Number(horizon?.results[0]?.purgedSeq ?? 0);
  const problem = cursorProblem(afterVersion, seq, purgedSeq);
  if (problem) throw new DomusError("resync_required", problem);

  const all: { table: string; version: number; size: number; row: SyncedRow }[] = [];
  perTable.forEach((res, i) => {
    const table = tables[i];
    if (!table) return;
    rowsRead += res.meta.rows_read ?? 0;
    for (const raw of res.results) {
      all.push({
        table: table.name,
        version: Number(raw.version),
        size: Number(raw.__size),
        row: decodeRow(table, raw),
      });
    }
  });
  all.sort((a, b) => a.version - b.version);
  const page: typeof all = [];
  let bytes = 0;
  for (const c of all) {
    if (page.length >= limit || (page.length > 0 && bytes + c.size > maxBytes)) break;
    page.push(c);
    bytes += c.size;
  }
  const hasMore = all.length > page.length;
  const lastVersion = page.at(-1)?.version ?? afterVersion;
  const changes: Record<string, SyncedRow[]> = {};
  for (const t of tables) changes[t.name] = [];
  for (const { table, row } of page) changes[table]?.push(row);

  let remaining = 0;
  if (hasMore && pass && pass.seq === seq) {
    // Nothing was written since the previous page was read (every write moves seq, and a purge of a
    // change after the cursor forces a resync), so the previous count still holds. Bounded, since a
    // client could send any number: versions are unique and at most seq.
    remaining = Math.max(1, Math.min(pass.remaining - page.length, seq - lastVersion));
  } else if (hasMore) {
    // Exact, for progress bars: it scans the index entries after the page (one row read each).
    const counts = await db.batch<{ n: number }>(
      tables.map((t) => db.prepare(tableSql(t).count).bind(scope.householdId, scope.userId, lastVersion)),
    );
    for (const c of counts) {
      remaining += Number(c.results[0]?.n ?? 0);
      rowsRead += c.meta.rows_read ?? 0;
    }
  }
  return { changes, lastVersion, seq, hasMore, remaining, rowsRead };
}
