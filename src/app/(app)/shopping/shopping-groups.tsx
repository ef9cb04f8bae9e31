"use client";

import type { ShoppingItem } from "@/client";
import { OTHER_CATEGORY } from "@/core/shopping-categories";
import { type OrderedCategory, categoryKey } from "@/core/shopping-order";
import styles from "../../_ui/page.module.css";
import own from "./shopping-extra.module.css";
import { ShoppingRow } from "./shopping-item";

interface Group {
  category: OrderedCategory;
  items: ShoppingItem[];
}

/** Items under their headings, headings in store order; items with no category go under "Other". */
export function groupByStoreOrder(items: readonly ShoppingItem[], order: readonly OrderedCategory[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const c of order) byKey.set(categoryKey(c.name), { category: c, items: [] });
  const other = categoryKey(OTHER_CATEGORY);
  for (const item of items) {
    const key = item.category ? categoryKey(item.category) : other;
    (byKey.get(key) ?? byKey.get(other))?.items.push(item);
  }
  return [...byKey.values()].filter((g) => g.items.length > 0);
}

interface Props {
  groups: readonly Group[];
  onToggle: (item: ShoppingItem) => void;
  onEdit: (item: ShoppingItem) => void;
  onDelete: (item: ShoppingItem) => void;
}

export function ShoppingGroups({ groups, onToggle, onEdit, onDelete }: Props) {
  return (
    <>
      {groups.map((g) => {
        const headingId = `aisle-${g.category.id}`;
        return (
          <section key={g.category.id} className={own.group} aria-labelledby={headingId}>
            <h2 id={headingId} className={own.groupTitle}>
              {g.category.name} <span className={own.groupCount}>· {g.items.length}</span>
            </h2>
            <ul className={`${styles.list} ${own.scrollTarget}`}>
              {g.items.map((i) => (
                <ShoppingRow key={i.id} item={i} onToggle={onToggle} onEdit={onEdit} onDelete={onDelete} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
