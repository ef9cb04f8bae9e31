/**
 * A long list split into chunks that stay the same when a row elsewhere is added, removed or
 * moved, so a memoized chunk (see _ui/row-chunks.tsx) lets React render the few rows around a
 * change instead of comparing every row of the list. Pure, tested in row-chunks.test.ts.
 *
 * Chunk boundaries are chosen by content, not by position: a row starts a chunk when a hash of
 * its key falls in 1 of `target` buckets (so chunks hold about `target` rows), or when the chunk
 * before it has reached `max` rows. Inserting or removing a row therefore changes only the chunk
 * holding it (positional chunks would shift every chunk after it); a boundary row's removal merges
 * two chunks. A chunk's key is its first row's key, so it keeps its identity as the list changes
 * around it; the first chunk's key is fixed, since any row may become first.
 *
 * Once a list is shown, `rechunkRows` keeps each row in the chunk it was in instead (merging two
 * chunks when a boundary row left made React mount the second chunk's rows anew under the first).
 */
export interface Chunk<R> {
  key: string;
  rows: R[];
}

export const FIRST_CHUNK = "first";

/** The key of a row of a synced table. */
export const rowId = (row: { id: string }): string => row.id;

export function chunkRows<R>(rows: readonly R[], key: (row: R) => string, target = 32, max = 3 * target): Chunk<R>[] {
  const chunks: Chunk<R>[] = [];
  let current: Chunk<R> | null = null;
  for (const row of rows) {
    const k = key(row);
    if (current === null) {
      current = { key: FIRST_CHUNK, rows: [] };
      chunks.push(current);
    } else if (current.rows.length >= max || hash(k) % target === 0) {
      current = { key: k, rows: [] };
      chunks.push(current);
    }
    current.rows.push(row);
  }
  return chunks;
}

/**
 * The chunks of `rows` after the list changed from the one `previous` chunked: each row stays in the
 * chunk it was in, so React keeps its element. Rows added among a chunk's rows join it, rows removed
 * leave it, and chunks are never merged; a chunk that grows past `max` is split. A chunk goes where
 * the longest run of its rows now is (rows added in between do not break a run); a row moved away
 * from that run joins the chunk it lands in (and is mounted anew, as it would be anyway). New rows
 * join the chunk they land in (at the top, the one after them), or start one, keyed by their own
 * key, where `chunkRows` would (see below). Without `previous`, as `chunkRows`.
 */
export function rechunkRows<R>(
  previous: readonly Chunk<R>[] | null,
  rows: readonly R[],
  key: (row: R) => string,
  target = 32,
  max = 3 * target,
): Chunk<R>[] {
  if (!previous || previous.length === 0) return chunkRows(rows, key, target, max);
  const kept = keptChunks(previous, rows, key);
  if (kept) return kept;
  const homeOf = new Map<string, string>();
  for (const c of previous) for (const r of c.rows) homeOf.set(key(r), c.key);
  const keys = rows.map(key);
  const homes = keys.map((k) => homeOf.get(k));

  // The home of the next row that has one, after each row.
  const nextHome: (string | undefined)[] = [];
  for (let i = homes.length - 1, next: string | undefined; i >= 0; i--) {
    nextHome[i] = next;
    if (homes[i] !== undefined) next = homes[i];
  }
  // Each old chunk's longest run of rows (the first such run, on a tie). A new row does not break a
  // run, nor does a row moved in alone between two rows of the run.
  type Run = { home: string; start: number; length: number };
  const longest = new Map<string, Run>();
  let run: Run | null = null;
  const endRun = () => {
    if (run && run.length > (longest.get(run.home)?.length ?? 0)) longest.set(run.home, run);
  };
  homes.forEach((home, i) => {
    if (home === undefined) return;
    if (run?.home === home) run.length++;
    else if (run && nextHome[i] === run.home) return;
    else {
      endRun();
      run = { home, start: i, length: 1 };
    }
  });
  endRun();
  // Where each kept chunk begins; new rows at the top join the first of them.
  const opens = new Map([...longest.values()].map((r) => [r.start, r.home]));
  const first = Math.min(...opens.keys());
  if (first > 0 && Number.isFinite(first)) opens.set(0, opens.get(first)!).delete(first);

  const used = new Set<string>();
  const chunks: Chunk<R>[] = [];
  let current: Chunk<R> | null = null;
  let currentHome: string | undefined; // the old chunk whose run the current chunk holds
  const start = (chunkKey: string, home?: string) => {
    let k = chunkKey;
    while (used.has(k)) k += "'"; // a key names one chunk (a removed row's id may come back)
    used.add(k);
    current = { key: k, rows: [] };
    currentHome = home;
    chunks.push(current);
    return current;
  };
  // A new row whose key is a boundary (as in `chunkRows`) starts a chunk where no row of the chunk it
  // is in follows it (so none is mounted anew): a list that grows at its end, or many rows that
  // arrive at once, are chunked as `chunkRows` would chunk them, not in chunks grown to `max`.
  rows.forEach((row, i) => {
    const k = keys[i]!;
    const opened = opens.get(i);
    let chunk: Chunk<R> | null = current;
    if (opened !== undefined) chunk = start(opened, opened);
    else if (!chunk) chunk = start(FIRST_CHUNK);
    else if (
      chunk.rows.length >= max ||
      (homes[i] === undefined && hash(k) % target === 0 && (currentHome === undefined || nextHome[i] !== currentHome))
    )
      chunk = start(k);
    chunk.rows.push(row);
  });
  return chunks;
}

/**
 * The usual change, rows changed in place or removed (a tick, a completion, an edit): the chunks
 * `rechunkRows` would give, found in one pass, with a chunk whose rows are all the same objects
 * given back as it was, so its memoized rows are not even compared. Null when a row is new or moved.
 */
function keptChunks<R>(previous: readonly Chunk<R>[], rows: readonly R[], key: (row: R) => string): Chunk<R>[] | null {
  const chunks: Chunk<R>[] = [];
  let i = 0;
  for (const chunk of previous) {
    const kept: R[] = [];
    let same = true;
    for (const old of chunk.rows) {
      const row = rows[i];
      if (row !== undefined && key(row) === key(old)) {
        kept.push(row);
        same &&= row === old;
        i++;
      } else same = false; // removed (keys are unique, so a row that is not next is not here)
    }
    if (kept.length > 0) chunks.push(same ? chunk : { key: chunk.key, rows: kept });
  }
  return i === rows.length ? chunks : null;
}

/** FNV-1a over the key's UTF-16 code units: fast, and spreads ids that differ in one character. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
