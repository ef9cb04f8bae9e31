"use client";

import { DEFAULT_LIST_ID, type ShoppingListView } from "@/core/shopping-lists";
import { useCallback, useEffect, useState } from "react";

const KEY = "domus.shoppingList";

/**
 * The list this device shows, remembered across visits (per device: each member shops their own
 * list). A list deleted elsewhere falls back to the default list.
 */
export function useCurrentList(lists: readonly ShoppingListView[] | undefined): [string, (id: string) => void] {
  const [id, setId] = useState(DEFAULT_LIST_ID);
  useEffect(() => {
    // Read after mount: the server render has no storage, so the first render must not depend on it.
    const saved = window.localStorage.getItem(KEY);
    if (saved) setId(saved);
  }, []);
  const choose = useCallback((next: string) => {
    setId(next);
    window.localStorage.setItem(KEY, next);
  }, []);
  const exists = !lists || lists.some((l) => l.id === id);
  return [exists ? id : DEFAULT_LIST_ID, choose];
}
