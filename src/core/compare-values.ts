/** A field value as stored in a D1 column: SQLite's NULL, INTEGER/REAL or TEXT. */
export type SqlValue = null | number | string;

function typeRank(v: SqlValue): number {
  if (v === null) return 0;
  return typeof v === "number" ? 1 : 2;
}

/**
 * Orders stored values exactly as SQLite does with BINARY collation (NULL < numbers < text, text by
 * UTF-8 bytes, which is code point order). The server breaks timestamp ties in SQL and the client
 * in JS; both must pick the same winner or replicas would diverge.
 */
export function compareSqlValues(a: SqlValue, b: SqlValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  return 0;
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
