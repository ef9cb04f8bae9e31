import type { PassHint } from "../../core/cursor";
import type { SyncedRow } from "../../core/define-table";
import { DomusError } from "../../core/errors";
import { TABLE_DEFS } from "../../core/tables";
import { type DbRow, decodeRow } from "./decode-row";
import type { PulledPage, Scope } from "./row-store";
import { tableSql } from "./sql";
import type { D1Queryable } from "./d1";

const HORIZON = `SELECT "seq", "purgedSeq" FROM "households" WHERE "id" = ?1`;

/**
 * One page of changes after `afterVersion`, oldest first, across every table, in one D1 batch (one
 * snapshot). Each table reads at most `limit + 1` rows through its (householdId[, userId], version)
 * index, so an empty pull reads about one row per table plus the household's horizon; `rowsRead`
 * is the sum of D1's own `meta.rows_read` over every statement run, nothing estimated.
 *
 * The page is exact: versions are unique across the household's tables, so every row with a version
 * up to the page's last one is in the page, and the next page starts right after it.
 */
export async function pullPage(
  db: D1Queryable,
  input: { scope: Scope; afterVersion: number; limit: number; pass?: PassHint | undefined },
): Promise<PulledPage> {
  const { scope, afterVersion, limit, pass } = input;
  const tables = TABLE_DEFS;
  const [horizon, ...perTable] = await db.batch<DbRow>([
    db.prepare(HORIZON).bind(scope.householdId),
    ...tables.map((t) => db.prepare(tableSql(t).pull).bind(scope.householdId, scope.userId, afterVersion, limit + 1)),
  ]);
  let rowsRead = horizon?.meta.rows_read ?? 0;
  const seq = Number(horizon?.results[0]?.seq ?? 0);
  const purgedSeq = Number(horizon?.results[0]?.purgedSeq ?? 0);
  if (afterVersion > seq) {
    throw new DomusError("resync_required", "This cursor is ahead of the household's changes; pull from null.");
  }
  if (afterVersion > 0 && afterVersion < purgedSeq) {
    // Deletes this client has not seen were purged: only a fresh download can show them.
    throw new DomusError("resync_required", "Changes after this cursor are no longer kept; pull from null.");
  }

  const all: { table: string; version: number; row: SyncedRow }[] = [];
  perTable.forEach((res, i) => {
    const table = tables[i];
    if (!table) return;
    rowsRead += res.meta.rows_read ?? 0;
    for (const raw of res.results)
      all.push({ table: table.name, version: Number(raw.version), row: decodeRow(table, raw) });
  });
  all.sort((a, b) => a.version - b.version);
  const page = all.slice(0, limit);
  const hasMore = all.length > limit;
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
