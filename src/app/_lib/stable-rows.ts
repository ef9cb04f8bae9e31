/** The same rows, object for object: a memoized list section with these rows has nothing to render. */
export function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}
