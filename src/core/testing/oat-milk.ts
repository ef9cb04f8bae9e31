import type { SyncedRow } from "../define-table";
import { shoppingItems } from "../tables";

/** A shopping item written in one change at `at` (every field stamped `at`), by user "u1". */
export function oatMilk(at: string, withWriters = false): SyncedRow {
  return {
    id: "milk",
    householdId: "hh_1",
    userId: "u1",
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
    syncedAt: at,
    name: "Oat milk",
    quantity: 2,
    unit: "l",
    category: null,
    checked: true,
    listId: null,
    fieldUpdatedAt: Object.fromEntries(shoppingItems.mergeFields.map((f) => [f, at])),
    ...(withWriters ? { fieldWriters: Object.fromEntries(shoppingItems.mergeFields.map((f) => [f, "u1"])) } : {}),
  };
}
