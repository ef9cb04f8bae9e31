"use client";

import type { ShoppingItem } from "@/client";
import { guessCategory } from "@/core/shopping-categories";
import { recentlyBought } from "@/core/shopping-history";
import { sameRows } from "@/core/same-data";
import { DEFAULT_LIST_ID, listOf } from "@/core/shopping-lists";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { attempt, removeWithUndo } from "../../_lib/actions";
import { useDomus } from "../../_lib/domus-provider";
import { plural } from "../../_lib/format";
import { useOptimisticRows } from "../../_lib/use-optimistic-rows";
import { EmptyState, Loading, PageHeader } from "../../_ui/empty-state";
import { BasketIcon } from "../../_ui/icons";
import { BasketSection } from "./basket-section";
import { BulkCategoryDialog } from "./bulk-category-dialog";
import { AddItemForm, type NewItem } from "./add-item-form";
import { ItemEditor, type ItemPatch } from "./item-editor";
import { ListSwitcher } from "./list-switcher";
import extra from "./shopping-extra.module.css";
import { ShoppingGroups, groupByStoreOrder } from "./shopping-groups";
import { StoreOrderDialog } from "./store-order-dialog";
import { useShoppingActions } from "./use-shopping-actions";
import { useShoppingData, useStoreOrder } from "./use-shopping-data";
import { useCurrentList } from "./use-current-list";

const NO_ITEMS: readonly ShoppingItem[] = [];
const byTime = (a: ShoppingItem, b: ShoppingItem) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

/** The names of `items`, in order: the same array as in the last render while they are the same names. */
function useSameNames(items: readonly ShoppingItem[] | undefined): readonly string[] {
  const last = useRef<readonly string[]>([]);
  return useMemo(() => {
    const names = (items ?? []).map((i) => i.name);
    return sameRows(names, last.current) ? last.current : (last.current = names);
  }, [items]);
}

export default function ShoppingPage() {
  const { repo } = useDomus();
  const { history, lists, places } = useShoppingData();
  const live = useMemo(() => history?.filter((i) => i.deletedAt === null), [history]);
  // Adds and ticks show in the frame of the key press, before their write commits.
  const { rows: items, add: addRow, update } = useOptimisticRows("shoppingItems", live);
  const [listId, setListId] = useCurrentList(lists);
  const current = lists?.find((l) => l.id === listId) ?? lists?.[0];
  const actions = useShoppingActions(repo);
  const [editing, setEditing] = useState<ShoppingItem | null>(null);
  const [dialog, setDialog] = useState<"order" | "bulk" | null>(null);

  const onList = useMemo(
    () => (items && lists && current ? items.filter((i) => listOf(i, lists) === current.id) : undefined),
    [items, lists, current],
  );
  const order = useStoreOrder(places, onList ?? []);
  const { open, checked, groups } = useMemo(() => {
    const all = onList ?? [];
    const open = all.filter((i) => !i.checked).sort(byTime);
    return { open, checked: all.filter((i) => i.checked).sort(byTime), groups: groupByStoreOrder(open, order) };
  }, [onList, order]);
  const openNames = useMemo(() => open.map((i) => i.name), [open]);
  // Items in the basket are on the list already (untick to put one back): not offered again. A tick
  // moves an item within the list, so the names on it, and what is offered, stay the same: not summed again.
  const namesOnList = useSameNames(onList);
  const recent = useMemo(() => recentlyBought(history ?? [], namesOnList, 6), [history, namesOnList]);

  // The add form's callback stays the same across renders (the form is memoized) and reads the latest here.
  const latest = useRef({ history, current, onList });
  useLayoutEffect(() => {
    latest.current = { history, current, onList };
  });
  const addItem = useCallback(
    (fields: NewItem, onFail: () => void) => {
      const { history, current } = latest.current;
      const category = fields.category ?? guessCategory(fields.name, history ?? []);
      const listField = current && current.id !== DEFAULT_LIST_ID ? current.id : null;
      const id = addRow({ ...fields, category, listId: listField }, onFail);
      return id ? { id, message: `Added ${fields.name} under ${category ?? "Other"}.` } : null;
    },
    [addRow],
  );

  // Stable across renders, so the memoized rows re-render only when their own item changes.
  const toggle = useCallback((item: ShoppingItem) => update(item, { checked: !item.checked }), [update]);

  const remove = useCallback(
    (item: ShoppingItem) => {
      if (!repo) return;
      setEditing(null);
      void removeWithUndo(repo, "shoppingItems", [item.id], `Deleted “${item.name}”`);
    },
    [repo],
  );

  // The editor, the dialogs and the list switcher are memoized: their callbacks stay the same across renders.
  const save = useCallback(
    async (item: ShoppingItem, patch: ItemPatch) => {
      if (repo && (await attempt(() => repo.update("shoppingItems", item.id, patch)))) setEditing(null);
    },
    [repo],
  );
  const closeEditor = useCallback(() => setEditing(null), []);
  const closeDialog = useCallback(() => setDialog(null), []);
  const categories = useMemo(() => order.map((c) => c.name), [order]);
  const moveCategory = useCallback(
    (index: number, delta: -1 | 1) => actions.moveCategory(order, index, delta),
    [actions, order],
  );
  const createList = useCallback(
    async (name: string) => {
      const id = await actions.createList(name);
      if (id) setListId(id);
    },
    [actions, setListId],
  );
  const deleteList = useCallback(
    async (id: string) => {
      const { current, onList } = latest.current;
      if (current && onList && (await actions.deleteList(id, current.name, onList))) setListId(DEFAULT_LIST_ID);
    },
    [actions, setListId],
  );

  const clearChecked = useCallback(() => {
    if (!repo || checked.length === 0) return;
    void removeWithUndo(
      repo,
      "shoppingItems",
      checked.map((i) => i.id),
      `Cleared ${plural(checked.length, "checked item")}`,
    );
  }, [repo, checked]);

  const ready = onList !== undefined && current !== undefined && lists !== undefined;
  return (
    <>
      <PageHeader
        title="Shopping"
        summary={
          onList?.length ? (open.length ? `${plural(open.length, "item")} to buy` : "Nothing left to buy") : undefined
        }
      />
      {ready ? (
        <ListSwitcher
          lists={lists}
          current={current}
          itemCount={onList.length}
          onSwitch={setListId}
          onCreate={createList}
          onRename={actions.renameList}
          onDelete={deleteList}
        />
      ) : null}
      <AddItemForm
        history={history ?? NO_ITEMS}
        openNames={openNames}
        recent={recent}
        disabled={!repo}
        onAdd={addItem}
      />

      {!ready ? (
        <Loading label="Opening your shopping list…" />
      ) : onList.length === 0 ? (
        <EmptyState icon={<BasketIcon size={32} />} title="The list is empty">
          Type what you need above and press Enter; add the next one right away.
        </EmptyState>
      ) : (
        <>
          <div className={extra.toolbar}>
            {open.length > 1 ? (
              <button type="button" className="btn btn-ghost" onClick={() => setDialog("bulk")}>
                Set category…
              </button>
            ) : null}
            <button type="button" className="btn btn-ghost" onClick={() => setDialog("order")}>
              Store order…
            </button>
          </div>
          {open.length > 0 ? (
            <ShoppingGroups groups={groups} onToggle={toggle} onEdit={setEditing} onDelete={remove} />
          ) : (
            <EmptyState icon={<BasketIcon size={32} />} title="All in the basket">
              Clear the checked items when you are home.
            </EmptyState>
          )}
          {checked.length > 0 ? (
            <BasketSection
              items={checked}
              onToggle={toggle}
              onEdit={setEditing}
              onDelete={remove}
              onClear={clearChecked}
            />
          ) : null}
        </>
      )}
      <ItemEditor item={editing} categories={categories} onSave={save} onDelete={remove} onClose={closeEditor} />
      <StoreOrderDialog open={dialog === "order"} order={order} onMove={moveCategory} onClose={closeDialog} />
      <BulkCategoryDialog
        open={dialog === "bulk"}
        // Closed, it gets no items: a tick (a new list of items to buy) does not render it.
        items={dialog === "bulk" ? open : NO_ITEMS}
        order={order}
        onApply={actions.setCategory}
        onClose={closeDialog}
      />
    </>
  );
}
