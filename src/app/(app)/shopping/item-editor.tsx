"use client";

import type { EditableFields, ShoppingItem } from "@/client";
import { maxLength } from "@/core/tables";
import { type FormEvent, memo, useEffect, useState } from "react";
import { EditorDialog } from "../../_ui/editor-dialog";
import { TextField } from "../../_ui/form";
import styles from "../../_ui/page.module.css";

/** The fields this editor changes, typed by the table definition. */
export type ItemPatch = Pick<EditableFields<"shoppingItems">, "name" | "quantity" | "unit" | "category">;

interface Props {
  item: ShoppingItem | null;
  categories: readonly string[];
  onSave: (item: ShoppingItem, patch: ItemPatch) => Promise<void>;
  onDelete: (item: ShoppingItem) => void;
  onClose: () => void;
}

export function parseQuantity(raw: string): number | null {
  const n = Number(raw.replace(",", "."));
  return Number.isFinite(n) && n > 0 && n <= 1e9 ? n : null;
}

/** Memoized: while it is closed, ticking or adding an item does not render it (the page passes stable props). */
export const ItemEditor = memo(function ItemEditor({ item, categories, onSave, onDelete, onClose }: Props) {
  const [name, setName] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [unit, setUnit] = useState("");
  const [category, setCategory] = useState("");
  const [errors, setErrors] = useState<{ name?: string; quantity?: string }>({});

  useEffect(() => {
    if (!item) return;
    setName(item.name);
    setQuantity(String(item.quantity));
    setUnit(item.unit ?? "");
    setCategory(item.category ?? "");
    setErrors({});
  }, [item]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!item) return;
    const q = parseQuantity(quantity);
    const found = {
      ...(name.trim() ? {} : { name: "Give the item a name." }),
      ...(q === null ? { quantity: "Use a number above 0, like 2 or 0.5." } : {}),
    };
    setErrors(found);
    if (q === null || !name.trim()) return;
    await onSave(item, {
      name: name.trim(),
      quantity: q,
      unit: unit.trim() || null,
      category: category.trim() || null,
    });
  }

  return (
    <EditorDialog
      open={item !== null}
      title="Edit item"
      onClose={onClose}
      onSubmit={submit}
      onDelete={() => item && onDelete(item)}
    >
      <TextField
        label="Item"
        value={name}
        maxLength={maxLength("shoppingItems", "name")}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
      <div className={styles.formRow}>
        <TextField
          label="Quantity"
          inputMode="decimal"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={errors.quantity}
        />
        <TextField
          label="Unit"
          value={unit}
          maxLength={maxLength("shoppingItems", "unit")}
          list="unit-options"
          onChange={(e) => setUnit(e.target.value)}
        />
      </div>
      <TextField
        label="Aisle or category"
        value={category}
        maxLength={maxLength("shoppingItems", "category")}
        list="category-options"
        placeholder="e.g. Dairy"
        onChange={(e) => setCategory(e.target.value)}
      />
      <datalist id="category-options">
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </EditorDialog>
  );
});
