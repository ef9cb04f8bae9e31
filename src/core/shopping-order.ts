import { normalizeName } from "./normalize-name";
import { evenKeys, isOrderKey, keyBetween } from "./order-key";
import { BUILT_IN_CATEGORIES, OTHER_CATEGORY } from "./shopping-categories";

/**
 * The household's store order: which category heading comes first. Categories with a row in
 * `shoppingCategories` sort by its order key (then id, so equal keys sort alike everywhere); the
 * rest follow in the built-in walk, then alphabetically. Pure.
 */

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** One key for a category name whatever its case or spacing: "dairy " and "Dairy" are one heading. */
export function categoryKey(name: string): string {
  return normalizeName(name);
}

/**
 * The row id of a category's place: derived from its name, so two devices placing "Dairy" write
 * one row (merged field by field), never two rows for one heading.
 */
export function categoryId(name: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(categoryKey(name))) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return `cat-${hash.toString(16).padStart(16, "0")}`;
}

/** A stored place, as the order reads it. */
export interface CategoryPlace {
  id: string;
  name: string;
  sortKey: string;
  deletedAt: string | null;
}

/** A heading in store order; `sortKey` is null until the household moves something. */
export interface OrderedCategory {
  id: string;
  name: string;
  sortKey: string | null;
}

const builtInRank = new Map<string, number>(BUILT_IN_CATEGORIES.map((c, i) => [categoryKey(c), i]));
const collator = new Intl.Collator("en");

/**
 * Every heading to show or order, in store order: the stored places, then `names` (the categories
 * items use) and the built-in aisles without a place. One heading per `categoryKey`.
 */
export function storeOrder(places: readonly CategoryPlace[], names: Iterable<string>): OrderedCategory[] {
  const placed = places
    .filter((p) => p.deletedAt === null && isOrderKey(p.sortKey))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  const out: OrderedCategory[] = [];
  for (const p of placed) {
    if (seen.has(categoryKey(p.name))) continue;
    seen.add(categoryKey(p.name));
    out.push({ id: p.id, name: p.name, sortKey: p.sortKey });
  }
  const rest = new Map<string, string>();
  for (const name of [...BUILT_IN_CATEGORIES, ...names]) {
    const key = categoryKey(name);
    if (key && !seen.has(key) && !rest.has(key)) rest.set(key, name.trim());
  }
  const unplaced = [...rest.entries()].sort(([a, an], [b, bn]) => {
    const ra = builtInRank.get(a) ?? Infinity;
    const rb = builtInRank.get(b) ?? Infinity;
    // "Other" last among the built-ins' walk, but before nothing: a household's own names go before it.
    const oa = a === categoryKey(OTHER_CATEGORY) ? 1 : 0;
    const ob = b === categoryKey(OTHER_CATEGORY) ? 1 : 0;
    return oa - ob || ra - rb || collator.compare(an, bn);
  });
  for (const [, name] of unplaced) out.push({ id: categoryId(name), name, sortKey: null });
  return out;
}

/** A place to write: put(`shoppingCategories`, id, { name, sortKey }). */
export interface PlaceWrite {
  id: string;
  name: string;
  sortKey: string;
}

/**
 * The writes that move the heading at `index` by `delta` (-1 up, +1 down). Only the moved heading
 * gets a new key when its new neighbours are placed; headings never placed get keys after the last
 * placed one first (in the order shown); a crowded or tied order is re-keyed as a whole.
 */
export function planMove(order: readonly OrderedCategory[], index: number, delta: -1 | 1): PlaceWrite[] {
  const target = index + delta;
  if (index < 0 || index >= order.length || target < 0 || target >= order.length) return [];
  const next = [...order];
  const [moved] = next.splice(index, 1);
  if (!moved) return [];
  next.splice(target, 0, moved);

  const writes = new Map<string, PlaceWrite>();
  const keys = next.map((c) => c.sortKey);
  // Give the unplaced headings up to the moved one's new neighbour after it a key, after the last placed.
  const needed = Math.min(next.length - 1, target + 1);
  let last: string | null = null;
  for (let i = 0; i < next.length; i++) {
    const key = keys[i] ?? null;
    if (key !== null && i !== target) last = key;
    if (i > needed) break;
    if (key === null && i !== target) {
      const fresh = keyBetween(last, null);
      keys[i] = fresh;
      last = fresh;
      const c = next[i] as OrderedCategory;
      writes.set(c.id, { id: c.id, name: c.name, sortKey: fresh });
    }
  }
  const before = target > 0 ? (keys[target - 1] ?? null) : null;
  const after = target < next.length - 1 ? (keys[target + 1] ?? null) : null;
  let key: string | null = null;
  try {
    key = keyBetween(before, after);
  } catch {
    key = null; // tied or out-of-order neighbours (concurrent moves chose one gap)
  }
  if (key === null || key.length > 40) return rekey(next);
  writes.set(moved.id, { id: moved.id, name: moved.name, sortKey: key });
  return [...writes.values()];
}

/** Fresh, evenly spread keys for the whole order. */
function rekey(order: readonly OrderedCategory[]): PlaceWrite[] {
  const keys = evenKeys(order.length);
  return order.map((c, i) => ({ id: c.id, name: c.name, sortKey: keys[i] as string }));
}
