/**
 * One spelling for a name whatever its case, Unicode composition or spacing: "Dairy " and "dairy"
 * are one. Pure; memoized, since a shopping page normalizes every row's name on each change of a
 * long list (grouping, suggestions, "bought lately") and `normalize`/`toLocaleLowerCase` cost
 * microseconds each. The cache is bounded: past `LIMIT` names it starts again.
 */
const LIMIT = 20_000;
const cache = new Map<string, string>();

export function normalizeName(name: string): string {
  let key = cache.get(name);
  if (key === undefined) {
    key = name.normalize("NFC").trim().toLocaleLowerCase("en").replace(/\s+/g, " ");
    if (cache.size >= LIMIT) cache.clear();
    cache.set(name, key);
  }
  return key;
}
