"use client";

import type { ShoppingItem } from "@/client";
import type { OrderedCategory } from "@/core/shopping-order";
import { maxLength } from "@/core/tables";
import { type FormEvent, memo, useEffect, useState } from "react";
import { Dialog } from "../../_ui/dialog";
import { TextField } from "../../_ui/form";
import own from "./shopping-extra.module.css";

interface Props {
  open: boolean;
  items: readonly ShoppingItem[];
  order: readonly OrderedCategory[];
  onApply: (items: readonly ShoppingItem[], category: string) => Promise<void>;
  onClose: () => void;
}

/**
 * Files several items under one category at once: tick them, pick or type the category, apply.
 * Memoized: while it is closed, ticking or adding an item does not render it (the page passes stable props).
 */
export const BulkCategoryDialog = memo(function BulkCategoryDialog({ open, items, order, onApply, onClose }: Props) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [category, setCategory] = useState("");
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!open) return;
    setSelected(new Set());
    setCategory("");
    setError(undefined);
  }, [open]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = items.filter((i) => selected.has(i.id));
    const name = category.trim();
    if (chosen.length === 0) return setError("Tick the items to move first.");
    if (!name) return setError("Choose or type a category.");
    await onApply(chosen, name);
    onClose();
  }

  function toggle(id: string) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <Dialog
      open={open}
      title="Set category"
      description="Tick items, then choose the category they belong in."
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Move {selected.size > 0 ? selected.size : ""} {selected.size === 1 ? "item" : "items"}
          </button>
        </>
      }
    >
      <fieldset className={own.pickList}>
        <legend className="visually-hidden">Items</legend>
        {/* Rendered only while open: a closed dialog holding every item to buy would re-render with each change of the list. */}
        {(open ? items : []).map((i) => (
          <label key={i.id} className={own.pickRow}>
            <input type="checkbox" className="checkbox" checked={selected.has(i.id)} onChange={() => toggle(i.id)} />
            <span>{i.name}</span>
            <span className={own.optionMeta}>{i.category ?? "Other"}</span>
          </label>
        ))}
      </fieldset>
      <TextField
        label="Category"
        value={category}
        list="bulk-category-options"
        placeholder="e.g. Dairy"
        maxLength={maxLength("shoppingItems", "category")}
        onChange={(e) => setCategory(e.target.value)}
        error={error}
      />
      <datalist id="bulk-category-options">
        {order.map((c) => (
          <option key={c.id} value={c.name} />
        ))}
      </datalist>
    </Dialog>
  );
});
