"use client";

import type { ShoppingItem } from "@/client";
import { memo } from "react";
import { sameRows } from "@/core/same-data";
import styles from "../../_ui/page.module.css";
import extra from "./shopping-extra.module.css";
import { ShoppingRows } from "./shopping-item";

interface Props {
  items: readonly ShoppingItem[];
  onToggle: (item: ShoppingItem) => void;
  onEdit: (item: ShoppingItem) => void;
  onDelete: (item: ShoppingItem) => void;
  onClear: () => void;
}

function Basket({ items, onToggle, onEdit, onDelete, onClear }: Props) {
  return (
    <section className={styles.section} aria-labelledby="in-basket">
      <div className={styles.sectionHead}>
        <h2 id="in-basket" className={styles.sectionTitle}>
          In the basket · {items.length}
        </h2>
        <button type="button" className="btn btn-ghost" onClick={onClear}>
          Clear checked
        </button>
      </div>
      <ul className={`${styles.list} ${extra.scrollTarget}`}>
        <ShoppingRows items={items} onToggle={onToggle} onEdit={onEdit} onDelete={onDelete} />
      </ul>
    </section>
  );
}

/**
 * The checked items; re-rendered only when they (object for object, see sameRows) or a handler
 * changed, so adding an item to buy or typing in the add field does not render the basket's rows.
 */
export const BasketSection = memo(
  Basket,
  (a, b) =>
    a.onToggle === b.onToggle &&
    a.onEdit === b.onEdit &&
    a.onDelete === b.onDelete &&
    a.onClear === b.onClear &&
    sameRows(a.items, b.items),
);
