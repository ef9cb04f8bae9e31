"use client";

import type { ShoppingItem } from "@/client";
import { type CategoryPlace, type OrderedCategory, storeOrder } from "@/core/shopping-order";
import { type ShoppingListView, visibleLists } from "@/core/shopping-lists";
import { useMemo } from "react";
import { useRows, useTableRows } from "../../_lib/use-rows";

export interface ShoppingData {
  /** Every item row, deleted ones included: the household's purchase history. */
  history: readonly ShoppingItem[] | undefined;
  lists: ShoppingListView[] | undefined;
  places: CategoryPlace[] | undefined;
}

/** The shopping tables as live queries; one getAll each (a Dexie filter() walks a cursor per row). */
export function useShoppingData(): ShoppingData {
  const history = useTableRows("shoppingItems");
  const listRows = useRows((db) => db.shoppingLists.toArray());
  const places = useRows((db) => db.shoppingCategories.toArray());
  const lists = useMemo(() => listRows && visibleLists(listRows), [listRows]);
  return { history, lists, places };
}

/** The headings in store order for the categories `items` use (built-in aisles included). */
export function useStoreOrder(places: CategoryPlace[] | undefined, items: readonly ShoppingItem[]): OrderedCategory[] {
  // The headings depend on which categories are used, not on the items: an add or a tick (new items)
  // keeps the same order object, so storeOrder (ids hashed per category) and what shows the order
  // (the editor's category list, the store order dialog) do not run again.
  const used = useMemo(
    () => JSON.stringify([...new Set(items.map((i) => i.category).filter((c): c is string => !!c))]),
    [items],
  );
  return useMemo(() => storeOrder(places ?? [], JSON.parse(used) as string[]), [places, used]);
}
