"use client";

import type { Repository, ShoppingItem } from "@/client";
import { DEFAULT_LIST_ID } from "@/core/shopping-lists";
import { type OrderedCategory, planMove } from "@/core/shopping-order";
import { useMemo } from "react";
import { attempt } from "../../_lib/actions";
import { plural } from "../../_lib/format";
import { showToast } from "../../_ui/toasts";

/** The writes of the shopping page beyond one item: lists, the store order, many items at once. */
export function useShoppingActions(repo: Repository | null) {
  return useMemo(
    () => ({
      async createList(name: string): Promise<string | null> {
        if (!repo) return null;
        let id: string | null = null;
        await attempt(async () => {
          id = await repo.add("shoppingLists", { name });
        });
        return id;
      },

      /** The default list has no row until renamed: `put` creates it with the derived id. */
      async renameList(id: string, name: string): Promise<void> {
        if (!repo) return;
        await attempt(() =>
          id === DEFAULT_LIST_ID ? repo.put("shoppingLists", id, { name }) : repo.update("shoppingLists", id, { name }),
        );
      },

      /** Deletes a list and its items, with an Undo that brings both back. */
      async deleteList(id: string, name: string, items: readonly ShoppingItem[]): Promise<boolean> {
        if (!repo || id === DEFAULT_LIST_ID) return false;
        const ids = items.map((i) => i.id);
        const ok = await attempt(async () => {
          await repo.removeMany("shoppingItems", ids);
          await repo.remove("shoppingLists", id);
        });
        if (ok) {
          showToast(`Deleted the list “${name}”`, {
            action: {
              label: "Undo",
              run: () =>
                void attempt(async () => {
                  await repo.restore("shoppingLists", id);
                  await repo.restoreMany("shoppingItems", ids);
                }),
            },
          });
        }
        return ok;
      },

      /** Moves a heading one place: only the places `planMove` decides are written. */
      async moveCategory(order: readonly OrderedCategory[], index: number, delta: -1 | 1): Promise<boolean> {
        if (!repo) return false;
        const writes = planMove(order, index, delta);
        if (writes.length === 0) return false;
        return attempt(async () => {
          await repo.putMany(
            "shoppingCategories",
            writes.map((w) => ({ id: w.id, fields: { name: w.name, sortKey: w.sortKey } })),
          );
        });
      },

      async setCategory(items: readonly ShoppingItem[], category: string): Promise<void> {
        if (!repo) return;
        const ok = await attempt(async () => {
          for (const item of items) await repo.update("shoppingItems", item.id, { category });
        });
        if (ok) showToast(`Moved ${plural(items.length, "item")} to ${category}`);
      },
    }),
    [repo],
  );
}
