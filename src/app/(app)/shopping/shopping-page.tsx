"use client";

import type { ShoppingItem } from "@/client";
import { maxLength } from "@/core/tables";
import { useCallback, useMemo, useRef, useState, type FormEvent } from "react";
import { attempt, removeWithUndo } from "../../_lib/actions";
import { useDomus } from "../../_lib/domus-provider";
import { plural } from "../../_lib/format";
import { useOptimisticRows } from "../../_lib/use-optimistic-rows";
import { useRows } from "../../_lib/use-rows";
import { EmptyState, Loading, PageHeader } from "../../_ui/empty-state";
import { BasketIcon, PlusIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";
import { ItemEditor, parseQuantity, type ItemPatch } from "./item-editor";
import own from "./shopping.module.css";
import { ShoppingRow } from "./shopping-item";

const UNITS = ["g", "kg", "ml", "l", "pcs", "pack", "bottle", "can", "jar", "bunch", "dozen"];

// One collator for every comparison: localeCompare builds one per call, a few ms per sort of 1,000 rows.
const collator = new Intl.Collator();
const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // ISO timestamps sort as strings

function byAisle(a: ShoppingItem, b: ShoppingItem): number {
  const aisle =
    a.category === b.category
      ? 0
      : a.category === null
        ? 1
        : b.category === null
          ? -1
          : collator.compare(a.category, b.category);
  return aisle || byTime(a.createdAt, b.createdAt); // uncategorized last, then oldest first
}

export default function ShoppingPage() {
  const { repo } = useDomus();
  // One getAll, filtered here: a Dexie filter() walks an IndexedDB cursor, a round trip per row.
  const live = useRows((db) => db.shoppingItems.toArray().then((all) => all.filter((i) => i.deletedAt === null)));
  // Adds and ticks show in the frame of the key press, before their write commits.
  const { rows: items, add: addRow, update } = useOptimisticRows("shoppingItems", live);
  const [name, setName] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [unit, setUnit] = useState("");
  const [qtyError, setQtyError] = useState<string | undefined>();
  const [editing, setEditing] = useState<ShoppingItem | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  function add(e: FormEvent) {
    e.preventDefault();
    const text = name.trim();
    const q = parseQuantity(quantity);
    setQtyError(q === null ? "Use a number above 0." : undefined);
    if (!text || q === null) return;
    // The row and the cleared field render together; the typed name comes back if the write fails.
    const shown = addRow({ name: text, quantity: q, unit: unit.trim() || null }, () =>
      setName((current) => current || text),
    );
    if (!shown) return;
    setName("");
    setQuantity("1");
    setUnit("");
    nameInput.current?.focus(); // Enter adds and keeps focus here for the next item.
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

  // Sorted once per change of the list, not on every keystroke in the add field.
  const { open, checked, categories } = useMemo(
    () => ({
      open: (items ?? []).filter((i) => !i.checked).sort(byAisle),
      checked: (items ?? []).filter((i) => i.checked).sort(byAisle),
      categories: [...new Set((items ?? []).map((i) => i.category).filter((c): c is string => !!c))].sort(),
    }),
    [items],
  );

  function clearChecked() {
    if (!repo || checked.length === 0) return;
    void removeWithUndo(
      repo,
      "shoppingItems",
      checked.map((i) => i.id),
      `Cleared ${plural(checked.length, "checked item")}`,
    );
  }

  return (
    <>
      <PageHeader
        title="Shopping"
        summary={
          items?.length ? (open.length ? `${plural(open.length, "item")} to buy` : "Nothing left to buy") : undefined
        }
      />
      <form className={`${styles.addBarWrap} ${own.addForm}`} onSubmit={add} aria-label="Add to the shopping list">
        <div className={styles.addBar}>
          <label htmlFor="new-item" className="visually-hidden">
            Item
          </label>
          <input
            ref={nameInput}
            id="new-item"
            className={`input ${styles.grow}`}
            placeholder="Add an item"
            maxLength={maxLength("shoppingItems", "name")}
            autoComplete="off"
            enterKeyHint="enter"
            value={name}
            onChange={(e) => setName(e.target.value)}
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

      {items === undefined ? (
        <Loading label="Opening your shopping list…" />
      ) : items.length === 0 ? (
        <EmptyState icon={<BasketIcon size={32} />} title="The list is empty">
          Type what you need above and press Enter; add the next one right away.
        </EmptyState>
      ) : (
        <>
          {open.length > 0 ? (
            <section aria-labelledby="to-buy">
              <h2 id="to-buy" className="visually-hidden">
                To buy
              </h2>
              <ul className={styles.list}>
                {open.map((i) => (
                  <ShoppingRow key={i.id} item={i} onToggle={toggle} onEdit={setEditing} onDelete={remove} />
                ))}
              </ul>
            </section>
          ) : (
            <EmptyState icon={<BasketIcon size={32} />} title="All in the basket">
              Clear the checked items when you are home.
            </EmptyState>
          )}
          {checked.length > 0 ? (
            <section className={styles.section} aria-labelledby="in-basket">
              <div className={styles.sectionHead}>
                <h2 id="in-basket" className={styles.sectionTitle}>
                  In the basket · {checked.length}
                </h2>
                <button type="button" className="btn btn-ghost" onClick={clearChecked}>
                  Clear checked
                </button>
              </div>
              <ul className={styles.list}>
                {checked.map((i) => (
                  <ShoppingRow key={i.id} item={i} onToggle={toggle} onEdit={setEditing} onDelete={remove} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
      <ItemEditor
        item={editing}
        categories={categories}
        onSave={save}
        onDelete={remove}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
