import { sameData } from "./same-data";

/**
 * `next` with each row that equals its previous version (same id, same data) replaced by that
 * previous object, and `prev` itself when nothing changed at all. A live query hands back new
 * objects for every row on every change; keeping the old ones lets everything derived from the rows
 * (sorted lists, groups, memoized sections and rows) see what did not change by identity, so one
 * changed row of a long list re-renders one row and one section, not the list.
 */
export function reuseRows<R extends { id: string }>(prev: readonly R[] | undefined, next: readonly R[]): R[] {
  if (!prev || prev.length === 0) return next as R[];
  const before = new Map(prev.map((r) => [r.id, r]));
  let same = prev.length === next.length;
  const out = next.map((row, i) => {
    const old = before.get(row.id);
    const kept = old !== undefined && sameData(old, row) ? old : row;
    if (same && kept !== prev[i]) same = false;
    return kept;
  });
  return same ? (prev as R[]) : out;
}

/** The same rows, object for object: a memoized list section with these rows has nothing to render. */
export function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}
