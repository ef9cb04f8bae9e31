"use client";

import type { Suggestion } from "@/core/shopping-history";
import { PlusIcon } from "../../_ui/icons";
import own from "./shopping-extra.module.css";

/** Items checked off lately and not on the list: one tap puts one back. */
export function RecentItems({ items, onAdd }: { items: readonly Suggestion[]; onAdd: (s: Suggestion) => void }) {
  if (items.length === 0) return null;
  return (
    <section className={own.recent} aria-labelledby="bought-lately">
      <h2 id="bought-lately" className={own.recentTitle}>
        Bought lately
      </h2>
      <ul className={own.chips}>
        {items.map((s) => (
          <li key={s.name}>
            <button
              type="button"
              className={`btn ${own.chipBtn}`}
              onClick={() => onAdd(s)}
              aria-label={`Add ${s.name} again`}
            >
              <PlusIcon size={16} />
              {s.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
