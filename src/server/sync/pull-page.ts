import { type PassHint, cursorProblem } from "../../core/cursor";
import { DomusError } from "../../core/errors";
import type { TableDef } from "../../core/define-table";
import { maxRowSize } from "../../core/ddl";
import { TABLE_DEFS } from "../../core/tables";
import type { DbRow } from "./decode-row";
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

/** A table's rows read but not yet placed in the page (raw, decoded only when kept). */
interface TableReader {
  table: TableDef;
  buffer: DbRow[];
  pos: number;
  /** The last version read from this table. */
  after: number;
  /** The last read returned fewer rows than asked: nothing more in range. */
  exhausted: boolean;
}

/**
 * The rows of one `pullWire` result (sql.ts): its one row of joined versions, sizes and texts, back
 * to one `{version, __size, __wire}` per row. Sorted by version should SQLite ever have joined them
 * in another order (the three lists are joined in the same order, so they stay aligned).
 */
function unpackWire(joined: DbRow | undefined): DbRow[] {
  if (typeof joined?.rows !== "string") return [];
  const versions = String(joined.versions).split(",");
  const sizes = String(joined.sizes).split(",");
  const texts = joined.rows.split("\n");
  const rows: DbRow[] = texts.map((text, i) => ({
    version: Number(versions[i]),
    __size: Number(sizes[i]),
    __wire: text,
  }));
  for (let i = 1; i < rows.length; i++) {
    if (Number(rows[i]?.version) < Number(rows[i - 1]?.version))
      return rows.sort((a, b) => Number(a.version) - Number(b.version));
  }
  return rows;
}

/** Versions up to this: every row, before the household's sequence is known. */
const ANY_VERSION = Number.MAX_SAFE_INTEGER;

/**
 * One page of changes after `afterVersion`, oldest first, across every table. Each table is read
 * through its (householdId[, userId], version) index, so an empty pull reads about one row per
 * table plus the household's horizon; `rowsRead` is the sum of D1's own `meta.rows_read` over every
 * statement run, nothing estimated.
 *
 * The page is exact: versions are unique across the household's tables, so every row with a version
 * up to the page's last one is in the page, and the next page starts right after it.
 *
 * Pages are bounded by bytes (`maxBytes`, as quotas count a row) and so is what is READ to build
 * them: a table is read in batches of at most (bytes left in the page) / (its largest possible
 * row) rows, at least one, so the rows held in memory never pass about `maxBytes` per table,
 * whatever the rows' sizes and `limit`. The first batch of every table and the household's horizon
 * come in one D1 batch (one snapshot); later batches read only versions up to the sequence seen
 * there, so a push landing meanwhile is left to the next pull. The page stops before the row that
 * would pass the budget, always holds one row, and `hasMore` stays true.
 */
export async function pullPage<R>(
  db: D1Queryable,
  input: {
    scope: Scope;
    afterVersion: number;
    limit: number;
    maxBytes: number;
    pass?: PassHint | undefined;
    /**
     * Which columns to read: every stored column (`pull`), or only the row's compact wire form in
     * JSON text as SQLite writes it (`pullWire`); both carry `version` and `__size`.
     */
    statement: "pull" | "pullWire";
    /** Rows in the form the caller answers with: full rows, or compact wire rows. */
    decode: (table: TableDef, raw: DbRow) => R;
  },
): Promise<PulledPage<R>> {
  const { scope, afterVersion, limit, pass, maxBytes } = input;
  const readers: TableReader[] = TABLE_DEFS.map((table) => ({
    table,
    buffer: [],
    pos: 0,
    after: afterVersion,
    exhausted: false,
  }));
  const page: { reader: TableReader; raw: DbRow }[] = [];
  let bytes = 0;
  const batchSize = (r: TableReader) =>
    Math.max(1, Math.min(limit - page.length + 1, Math.floor((maxBytes - bytes) / maxRowSize(r.table))));
  const read = (r: TableReader, upTo: number) =>
    db.prepare(tableSql(r.table)[input.statement]).bind(scope.householdId, scope.userId, r.after, batchSize(r), upTo);
  const take = (r: TableReader, got: DbRow[], asked: number) => {
    const results = input.statement === "pullWire" ? unpackWire(got[0]) : got;
    r.buffer = results;
    r.pos = 0;
    r.exhausted = results.length < asked;
    const last = results.at(-1);
    if (last) r.after = Number(last.version);
  };

  const asked = readers.map(batchSize);
  const [horizon, ...first] = await db.batch<DbRow>([
    db.prepare(HORIZON).bind(scope.householdId),
    ...readers.map((r) => read(r, ANY_VERSION)),
  ]);
  let rowsRead = horizon?.meta.rows_read ?? 0;
  const seq = Number(horizon?.results[0]?.seq ?? 0);
  const purgedSeq = Number(horizon?.results[0]?.purgedSeq ?? 0);
  const problem = cursorProblem(afterVersion, seq, purgedSeq);
  if (problem) throw new DomusError("resync_required", problem);
  readers.forEach((r, i) => {
    rowsRead += first[i]?.meta.rows_read ?? 0;
    take(r, first[i]?.results ?? [], asked[i] ?? 1);
  });

  // Merge the tables by version; a table whose batch ran out is read again before going on.
  let stop: "full" | "limit" | "done" | undefined;
  while (!stop) {
    const empty = readers.filter((r) => r.pos >= r.buffer.length && !r.exhausted);
    if (empty.length > 0) {
      const sizes = empty.map(batchSize);
      const results = await db.batch<DbRow>(empty.map((r) => read(r, seq)));
      empty.forEach((r, i) => {
        rowsRead += results[i]?.meta.rows_read ?? 0;
        take(r, results[i]?.results ?? [], sizes[i] ?? 1);
      });
      continue;
    }
    let next: TableReader | undefined;
    for (const r of readers) {
      const head = r.buffer[r.pos];
      if (head && (!next || Number(head.version) < Number(next.buffer[next.pos]?.version))) next = r;
    }
    const raw = next?.buffer[next.pos];
    if (!next || !raw) stop = "done";
    else if (page.length >= limit) stop = "limit";
    else if (page.length > 0 && bytes + Number(raw.__size) > maxBytes) stop = "full";
    else {
      page.push({ reader: next, raw });
      bytes += Number(raw.__size);
      next.pos++;
    }
  }
  const hasMore = stop !== "done";
  const lastVersion = Number(page.at(-1)?.raw.version ?? afterVersion);
  const changes: Record<string, R[]> = {};
  for (const r of readers) changes[r.table.name] = [];
  for (const { reader, raw } of page) changes[reader.table.name]?.push(input.decode(reader.table, raw));

  let remaining = 0;
  if (hasMore && pass && pass.seq === seq) {
    // Nothing was written since the previous page was read (every write moves seq, and a purge of a
    // change after the cursor forces a resync), so the previous count still holds. Bounded, since a
    // client could send any number: versions are unique and at most seq.
    remaining = Math.max(1, Math.min(pass.remaining - page.length, seq - lastVersion));
  } else if (hasMore) {
    // Exact, for progress bars: it scans the index entries after the page (one row read each).
    const counts = await db.batch<{ n: number }>(
      TABLE_DEFS.map((t) => db.prepare(tableSql(t).count).bind(scope.householdId, scope.userId, lastVersion)),
    );
    for (const c of counts) {
      remaining += Number(c.results[0]?.n ?? 0);
      rowsRead += c.meta.rows_read ?? 0;
    }
  }
  return { changes, lastVersion, seq, hasMore, remaining, rowsRead };
}
