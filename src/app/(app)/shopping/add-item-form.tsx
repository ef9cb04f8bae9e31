"use client";

import type { ShoppingItem } from "@/client";
import { type PastItems, type Suggestion, pastItems, suggestItems } from "@/core/shopping-history";
import { maxLength } from "@/core/tables";
import { type FormEvent, memo, useEffect, useMemo, useState } from "react";
import { useTypedBeforeHydration } from "../../_lib/before-hydration";
import { PlusIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";
import { ItemCombobox } from "./item-combobox";
import { parseQuantity } from "./item-editor";
import { RecentItems } from "./recent-items";
import own from "./shopping.module.css";

const NO_PAST: PastItems = new Map();
const UNITS = ["g", "kg", "ml", "l", "pcs", "pack", "bottle", "can", "jar", "bunch", "dozen"];

/** What the form asks the page to add: the name, quantity and unit typed, or a suggestion's. */
export interface NewItem {
  name: string;
  quantity: number;
  unit: string | null;
  category?: string | null;
}

interface Props {
  /** Every item row, deleted ones included: what the household bought before, for suggestions while typing. */
  history: readonly ShoppingItem[];
  /** Names still to buy: not suggested again. */
  openNames: readonly string[];
  /** Items bought lately and not on the list: one tap adds one again. */
  recent: readonly Suggestion[];
  disabled: boolean;
  /**
   * Shows the item at once: its id and what to announce, or null when it is refused. `onFail` runs if
   * the write fails later, to give the typed name back. Must be stable (useCallback).
   */
  onAdd: (item: NewItem, onFail: () => void) => { id: string; message: string } | null;
}

/**
 * The add bar of the shopping page (name with suggestions, quantity, unit) and the items bought lately.
 * Its fields are its own state, and it is memoized: a keystroke renders this form, not the page's
 * 1,000 rows, and ticking an item renders the page, not these inputs.
 */
export const AddItemForm = memo(function AddItemForm({ history, openNames, recent, disabled, onAdd }: Props) {
  const [name, setName] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [unit, setUnit] = useState("");
  const [qtyError, setQtyError] = useState<string | undefined>();
  const [added, setAdded] = useState<{ id: string; message: string } | null>(null);
  const nameInput = useTypedBeforeHydration(name, setName);
  const quantityInput = useTypedBeforeHydration(quantity, setQuantity);
  const unitInput = useTypedBeforeHydration(unit, setUnit);
  // The history is summed up by name once typing starts and again only when the rows change while
  // typing: not for every tick and sync (1,000 summaries kept until the next change, for the collector).
  const typing = name.trim() !== "";
  const past = useMemo(() => (typing ? pastItems(history) : NO_PAST), [typing, history]);
  const suggestions = useMemo(() => suggestItems(name, past, openNames), [name, past, openNames]);

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

  function addItem(item: NewItem): boolean {
    // The row and the cleared field render together; the typed name comes back if the write fails.
    const shown = onAdd(item, () => setName((now) => now || item.name));
    if (shown) setAdded(shown);
    return shown !== null;
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

  return (
    <>
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
            onEnter={() => !disabled && name.trim() && addTyped()}
          />
          <button type="submit" className="btn btn-primary" disabled={disabled || !name.trim()}>
            <PlusIcon size={20} />
            Add
          </button>
        </div>
        <div className={own.details}>
          <label className={own.inline}>
            <span>Qty</span>
            <input
              ref={quantityInput}
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
              ref={unitInput}
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
    </>
  );
});
