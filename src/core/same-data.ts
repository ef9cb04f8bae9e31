/**
 * Structural equality of JSON-like data (rows read from IndexedDB: primitives, arrays, plain objects).
 * A live query hands back new objects for every row on every change; comparing by content lets an
 * unchanged row skip its re-render.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && sameData(ra[k], rb[k]));
}

/** The same rows, object for object: a memoized list (or what was derived from these rows) has nothing to do again. */
export function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}
