import type { PastItem } from "../shopping-categories";

/** A past shopping item for the history tests: defaults for everything not named. */
export function past(name: string, fields: Partial<PastItem> = {}): PastItem {
  return {
    name,
    category: null,
    quantity: 1,
    unit: null,
    checked: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    deletedAt: null,
    ...fields,
  };
}
