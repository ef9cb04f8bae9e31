/**
 * Which aisle an item belongs in, guessed from its name: first from what the household filed the
 * same item under before (their words win), else from a small built-in keyword map. Pure.
 */
import { normalizeName } from "./normalize-name";
import { CATEGORY_KEYWORDS } from "./shopping-keywords";

/** The built-in aisles, in the order a typical store walks them; a household reorders its own. */
export const BUILT_IN_CATEGORIES = [
  "Produce",
  "Bakery",
  "Meat & fish",
  "Dairy",
  "Frozen",
  "Pantry",
  "Drinks",
  "Household",
  "Personal care",
  "Other",
] as const;

/** Where items with no category are shown (and listed in the store order). */
export const OTHER_CATEGORY = "Other";

/** One spelling for one item: case, accents' composition and spacing do not make another item. */
export function normalizeItemName(name: string): string {
  return normalizeName(name);
}

function words(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** "tomatoes" → "tomato", "berries" → "berry", "eggs" → "egg"; good enough to meet the keyword list. */
function singular(word: string): string {
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("oes") && word.length > 4) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && word.length > 3) return word.slice(0, -1);
  return word;
}

const KEYWORDS = Object.entries(CATEGORY_KEYWORDS).map(
  ([category, list]) => [category, list.split(",").map((k) => k.trim())] as const,
);

/** The built-in aisle a name suggests, or null. Multi-word keywords ("ice cream") beat single words. */
export function builtInCategory(name: string): string | null {
  const normalized = normalizeItemName(name);
  const ws = words(normalized);
  const forms = new Set([...ws, ...ws.map(singular)]);
  const phrase = ` ${ws.join(" ")} `;
  let best: { category: string; score: number } | null = null;
  for (const [category, keywords] of KEYWORDS) {
    for (const keyword of keywords) {
      const hit = keyword.includes(" ") ? phrase.includes(` ${keyword} `) : forms.has(keyword);
      // Longer keywords are more specific: "ice cream" (Frozen) over "cream" (Dairy).
      const score = hit ? keyword.length : 0;
      if (score > (best?.score ?? 0)) best = { category, score };
    }
  }
  return best?.category ?? null;
}

/** A past item as guessing and suggestions read it (deleted and checked rows included: they are history). */
export interface PastItem {
  name: string;
  category: string | null;
  quantity: number;
  unit: string | null;
  checked: boolean;
  updatedAt: string;
  createdAt: string;
  deletedAt: string | null;
}

/**
 * The category for a new item named `name`: the one the household most recently filed an item of
 * the same name under, else the built-in guess, else null (shown under "Other").
 */
export function guessCategory(name: string, history: readonly PastItem[]): string | null {
  const key = normalizeItemName(name);
  if (!key) return null;
  let latest: PastItem | null = null;
  for (const item of history) {
    if (item.category === null || normalizeItemName(item.name) !== key) continue;
    if (latest === null || item.updatedAt > latest.updatedAt) latest = item;
  }
  return latest?.category ?? builtInCategory(name);
}
