"use client";

import type { ShoppingItem } from "@/client";
import { memo, useCallback } from "react";
import { keepFocusOnRows } from "../../_lib/keep-focus";
import { rowId } from "../../_lib/row-chunks";
import { sameData } from "@/core/same-data";
import { RowActions } from "../../_ui/row-actions";
import { RowChunks } from "../../_ui/row-chunks";
import styles from "../../_ui/page.module.css";
import own from "./shopping.module.css";

const numberFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** "2 kg", "×3", or "" for a single unit-less item. */
export function formatQuantity(item: Pick<ShoppingItem, "quantity" | "unit">): string {
  if (item.unit) return `${numberFmt.format(item.quantity)} ${item.unit}`;
  return item.quantity === 1 ? "" : `×${numberFmt.format(item.quantity)}`;
}

interface Props {
  item: ShoppingItem;
  onToggle: (item: ShoppingItem) => void;
  onEdit: (item: ShoppingItem) => void;
  onDelete: (item: ShoppingItem) => void;
}

function Row({ item, onToggle, onEdit, onDelete }: Props) {
  const qty = formatQuantity(item);
  const id = `item-${item.id}`;
  return (
    <li className={`${styles.item} ${item.checked ? styles.done : ""}`}>
      <input
        id={id}
        type="checkbox"
        className="checkbox"
        checked={item.checked}
        onChange={(e) => {
          keepFocusOnRows(e.currentTarget);
          onToggle(item);
        }}
      />
      <div className={`${styles.itemMain} ${own.inlineMain}`}>
        <label htmlFor={id} className={styles.itemTitle}>
          {item.name}
          {qty ? <span className="visually-hidden">, {qty}</span> : null}
        </label>
        {/* The category is the heading the row sits under, so only the quantity is shown here. */}
        {qty ? (
          <p className={styles.meta} aria-hidden="true">
            <span className={`${styles.chip} ${item.checked ? "" : styles.chipAccent}`}>{qty}</span>
          </p>
        ) : null}
      </div>
      <RowActions name={item.name} onEdit={() => onEdit(item)} onDelete={() => onDelete(item)} />
    </li>
  );
}

/**
 * One row of the list; re-rendered only when its item's data or a handler changed, so adding one
 * item to a long list renders one row, not all of them. The handlers must be stable (useCallback).
 */
const ShoppingRow = memo(
  Row,
  (a, b) => a.onToggle === b.onToggle && a.onEdit === b.onEdit && a.onDelete === b.onDelete && sameData(a.item, b.item),
);

/** A list's rows (the `<li>`s, inside the caller's `<ul>`), in memoized chunks: see RowChunks. */
export function ShoppingRows({
  items,
  onToggle,
  onEdit,
  onDelete,
}: Omit<Props, "item"> & { items: readonly ShoppingItem[] }) {
  const renderRow = useCallback(
    (i: ShoppingItem) => <ShoppingRow key={i.id} item={i} onToggle={onToggle} onEdit={onEdit} onDelete={onDelete} />,
    [onToggle, onEdit, onDelete],
  );
  return <RowChunks rows={items} rowKey={rowId} renderRow={renderRow} />;
}
