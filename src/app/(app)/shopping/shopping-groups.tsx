"use client";

import type { ShoppingItem } from "@/client";
import { OTHER_CATEGORY } from "@/core/shopping-categories";
import { type OrderedCategory, categoryKey } from "@/core/shopping-order";
import { memo } from "react";
import { sameRows } from "@/core/same-data";
import styles from "../../_ui/page.module.css";
import own from "./shopping-extra.module.css";
import { ShoppingRows } from "./shopping-item";

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

interface Handlers {
  onToggle: (item: ShoppingItem) => void;
  onEdit: (item: ShoppingItem) => void;
  onDelete: (item: ShoppingItem) => void;
}

interface Props extends Handlers {
  groups: readonly Group[];
}

export function ShoppingGroups({ groups, ...handlers }: Props) {
  return (
    <>
      {groups.map((g) => (
        <Aisle key={g.category.id} id={g.category.id} name={g.category.name} items={g.items} {...handlers} />
      ))}
    </>
  );
}

interface AisleProps extends Handlers {
  id: string;
  name: string;
  items: readonly ShoppingItem[];
}

function AisleSection({ id, name, items, onToggle, onEdit, onDelete }: AisleProps) {
  const headingId = `aisle-${id}`;
  return (
    <section className={own.group} aria-labelledby={headingId}>
      <h2 id={headingId} className={own.groupTitle}>
        {name} <span className={own.groupCount}>· {items.length}</span>
      </h2>
      <ul className={`${styles.list} ${own.scrollTarget}`}>
        <ShoppingRows items={items} onToggle={onToggle} onEdit={onEdit} onDelete={onDelete} />
      </ul>
    </section>
  );
}

/**
 * One aisle; re-rendered only when its rows (object for object: unchanged rows keep their objects,
 * see src/client/live-table.ts), its heading or a handler changed. So an add or a tick renders the aisle it
 * touches, and a keystroke in the add field renders none.
 */
const Aisle = memo(
  AisleSection,
  (a, b) =>
    a.id === b.id &&
    a.name === b.name &&
    a.onToggle === b.onToggle &&
    a.onEdit === b.onEdit &&
    a.onDelete === b.onDelete &&
    sameRows(a.items, b.items),
);
