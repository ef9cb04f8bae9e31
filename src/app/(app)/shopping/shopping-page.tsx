"use client";

import type { ShoppingItem } from "@/client";
import { guessCategory } from "@/core/shopping-categories";
import { type Suggestion, pastItems, recentlyBought, suggestItems } from "@/core/shopping-history";
import { DEFAULT_LIST_ID, listOf } from "@/core/shopping-lists";
import { maxLength } from "@/core/tables";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { attempt, removeWithUndo } from "../../_lib/actions";
import { useDomus } from "../../_lib/domus-provider";
import { plural } from "../../_lib/format";
import { useOptimisticRows } from "../../_lib/use-optimistic-rows";
import { EmptyState, Loading, PageHeader } from "../../_ui/empty-state";
import { BasketIcon, PlusIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";
import { BasketSection } from "./basket-section";
import { BulkCategoryDialog } from "./bulk-category-dialog";
import { ItemCombobox } from "./item-combobox";
import { ItemEditor, parseQuantity, type ItemPatch } from "./item-editor";
import { ListSwitcher } from "./list-switcher";
import { RecentItems } from "./recent-items";
import own from "./shopping.module.css";
import extra from "./shopping-extra.module.css";
import { ShoppingGroups, groupByStoreOrder } from "./shopping-groups";
import { StoreOrderDialog } from "./store-order-dialog";
import { useShoppingActions } from "./use-shopping-actions";
import { useShoppingData, useStoreOrder } from "./use-shopping-data";
import { useCurrentList } from "./use-current-list";

const UNITS = ["g", "kg", "ml", "l", "pcs", "pack", "bottle", "can", "jar", "bunch", "dozen"];
const byTime = (a: ShoppingItem, b: ShoppingItem) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

export default function ShoppingPage() {
  const { repo } = useDomus();
  const { history, lists, places } = useShoppingData();
  const live = useMemo(() => history?.filter((i) => i.deletedAt === null), [history]);
  // Adds and ticks show in the frame of the key press, before their write commits.
  const { rows: items, add: addRow, update } = useOptimisticRows("shoppingItems", live);
  const [listId, setListId] = useCurrentList(lists);
  const current = lists?.find((l) => l.id === listId) ?? lists?.[0];
  const actions = useShoppingActions(repo);
  const [name, setName] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [unit, setUnit] = useState("");
  const [qtyError, setQtyError] = useState<string | undefined>();
  const [editing, setEditing] = useState<ShoppingItem | null>(null);
  const [dialog, setDialog] = useState<"order" | "bulk" | null>(null);
  const [added, setAdded] = useState<{ id: string; message: string } | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

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
  // Summed up once per change of the rows; a keystroke then only filters names.
  const past = useMemo(() => pastItems(history ?? []), [history]);
  const suggestions = useMemo(() => suggestItems(name, past, openNames), [name, past, openNames]);
  // Items in the basket are on the list already (untick to put one back): not offered again.
  const recent = useMemo(
    () => recentlyBought(history ?? [], [...openNames, ...checked.map((i) => i.name)], 6),
    [history, openNames, checked],
  );

  // A new row may land in any aisle, below the fold or behind the phone's tab bar: bring it into view.
  // It is rendered with the cleared field (an optimistic row), so it is there in the next frame; scrolling
  // then, not in this effect, lays the page out once, in the frame, instead of forcing a layout here.
  useEffect(() => {
    if (!added) return;
    const frame = requestAnimationFrame(() => {
      document.getElementById(`item-${added.id}`)?.closest("li")?.scrollIntoView({ block: "nearest" });
    });
    return () => cancelAnimationFrame(frame);
  }, [added]);

  function addItem(fields: { name: string; quantity: number; unit: string | null; category?: string | null }) {
    const category = fields.category ?? guessCategory(fields.name, history ?? []);
    const listField = current && current.id !== DEFAULT_LIST_ID ? current.id : null;
    // The row and the cleared field render together; the typed name comes back if the write fails.
    const id = addRow({ ...fields, category, listId: listField }, () => setName((now) => now || fields.name));
    if (id) setAdded({ id, message: `Added ${fields.name} under ${category ?? "Other"}.` });
    return id !== null;
  }

  function add(e: FormEvent) {
    e.preventDefault();
    addTyped();
  }

  /** The Add button, Enter in the quantity or unit field (the form's submit), or Enter in the name field. */
  function addTyped() {
    const text = name.trim();
    const q = parseQuantity(quantity);
    setQtyError(q === null ? "Use a number above 0." : undefined);
    if (!text || q === null) return;
    if (!addItem({ name: text, quantity: q, unit: unit.trim() || null })) return;
    setName("");
    setQuantity("1");
    setUnit("");
    nameInput.current?.focus(); // Enter adds and keeps focus here for the next item.
  }

  function addAgain(s: Suggestion) {
    if (!addItem({ name: s.name, quantity: s.quantity, unit: s.unit, category: s.category })) return;
    setName("");
  }

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

  async function save(item: ShoppingItem, patch: ItemPatch) {
    if (repo && (await attempt(() => repo.update("shoppingItems", item.id, patch)))) setEditing(null);
  }

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
          onCreate={async (n) => {
            const id = await actions.createList(n);
            if (id) setListId(id);
          }}
          onRename={actions.renameList}
          onDelete={async (id) => {
            if (await actions.deleteList(id, current.name, onList)) setListId(DEFAULT_LIST_ID);
          }}
        />
      ) : null}
      <form className={`${styles.addBarWrap} ${own.addForm}`} onSubmit={add} aria-label="Add to the shopping list">
        <div className={styles.addBar}>
          <ItemCombobox
            id="new-item"
            value={name}
            maxLength={maxLength("shoppingItems", "name")}
            suggestions={suggestions}
            inputRef={nameInput}
            onChange={setName}
            onPick={addAgain}
            // As the form's implicit submission: nothing while the Add button is disabled.
            onEnter={() => repo && name.trim() && addTyped()}
          />
          <button type="submit" className="btn btn-primary" disabled={!repo || !name.trim()}>
            <PlusIcon size={20} />
            Add
          </button>
        </div>
        <div className={own.details}>
          <label className={own.inline}>
            <span>Qty</span>
            <input
              className={`input ${own.qty}`}
              inputMode="decimal"
              value={quantity}
              aria-invalid={qtyError ? true : undefined}
              aria-describedby={qtyError ? "qty-error" : undefined}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </label>
          <label className={own.inline}>
            <span>Unit</span>
            <input
              className={`input ${own.unit}`}
              list="unit-options"
              maxLength={maxLength("shoppingItems", "unit")}
              placeholder="—"
              value={unit}
              onChange={(e) => setUnit(e.target.value)}
            />
          </label>
          {qtyError ? (
            <p id="qty-error" className="field-error" role="alert">
              {qtyError}
            </p>
          ) : null}
        </div>
        <datalist id="unit-options">
          {UNITS.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </form>
      <p className="visually-hidden" role="status">
        {added?.message ?? ""}
      </p>
      <RecentItems items={recent} onAdd={addAgain} />

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
      <ItemEditor
        item={editing}
        categories={order.map((c) => c.name)}
        onSave={save}
        onDelete={remove}
        onClose={() => setEditing(null)}
      />
      <StoreOrderDialog
        open={dialog === "order"}
        order={order}
        onMove={(index, delta) => actions.moveCategory(order, index, delta)}
        onClose={() => setDialog(null)}
      />
      <BulkCategoryDialog
        open={dialog === "bulk"}
        items={open}
        order={order}
        onApply={actions.setCategory}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
