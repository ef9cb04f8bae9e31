import { type PastItem, normalizeItemName } from "./shopping-categories";

/**
 * What the household bought before, for suggestions while typing and one-tap re-adds. Every row of
 * the item table is history, deleted ("Clear checked") and checked ones included. Pure.
 */

/** One item name as bought before: how often, when last, and how (quantity, unit, category). */
export interface Suggestion {
  /** The name as last written. */
  name: string;
  quantity: number;
  unit: string | null;
  category: string | null;
  /** Rows with this name: how often it was put on a list. */
  times: number;
  /** The latest write of any of them. */
  lastUsed: string;
}

function summarize(history: readonly PastItem[]): Map<string, Suggestion> {
  const byName = new Map<string, Suggestion>();
  for (const item of history) {
    const key = normalizeItemName(item.name);
    if (!key) continue;
    const seen = byName.get(key);
    const used = item.updatedAt;
    if (!seen) {
      byName.set(key, { ...pick(item), times: 1, lastUsed: used });
      continue;
    }
    seen.times++;
    if (used > seen.lastUsed) Object.assign(seen, pick(item), { lastUsed: used });
  }
  return byName;
}

function pick(item: PastItem) {
  return { name: item.name.trim(), quantity: item.quantity, unit: item.unit, category: item.category };
}

/** The history summed up by name (see `pastItems`): computed once per change of the rows, not per keystroke. */
export type PastItems = ReadonlyMap<string, Suggestion>;

/** Every name bought before, by its normalized spelling; `suggestItems` takes it in place of the rows. */
export function pastItems(history: readonly PastItem[]): PastItems {
  return summarize(history);
}

const byFrequencyThenRecency = (a: Suggestion, b: Suggestion) =>
  b.times - a.times || (a.lastUsed < b.lastUsed ? 1 : a.lastUsed > b.lastUsed ? -1 : 0);

/**
 * Past items whose name (or a word of it) starts with what is typed, most frequent first and, among
 * equals, most recent first. Items on the list now (`onList`: their names) are left out.
 */
export function suggestItems(
  typed: string,
  history: readonly PastItem[] | PastItems,
  onList: Iterable<string>,
  limit = 6,
): Suggestion[] {
  const query = normalizeItemName(typed);
  if (!query) return [];
  const present = new Set([...onList].map(normalizeItemName));
  const out: Suggestion[] = [];
  const past: PastItems = history instanceof Map ? history : pastItems(history as readonly PastItem[]);
  for (const [key, s] of past) {
    if (present.has(key) || key === query) continue;
    if (key.startsWith(query) || key.split(" ").some((w) => w.startsWith(query))) out.push(s);
  }
  return out.sort(byFrequencyThenRecency).slice(0, limit);
}

/**
 * Items checked off lately that are not on the list again, most recently checked first: one tap
 * puts one back. Only rows that were checked count (an item deleted unbought is not "bought").
 */
export function recentlyBought(history: readonly PastItem[], onList: Iterable<string>, limit = 8): Suggestion[] {
  const present = new Set([...onList].map(normalizeItemName));
  const bought = history.filter((i) => i.checked && !present.has(normalizeItemName(i.name)));
  return [...summarize(bought).values()]
    .sort((a, b) => (a.lastUsed < b.lastUsed ? 1 : a.lastUsed > b.lastUsed ? -1 : 0))
    .slice(0, limit);
}
