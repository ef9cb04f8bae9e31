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

/** FNV-1a over the key's UTF-16 code units: fast, and spreads ids that differ in one character. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
