"use client";

import type { OrderedCategory } from "@/core/shopping-order";
import { memo, useEffect, useRef, useState } from "react";
import { Dialog } from "../../_ui/dialog";
import own from "./shopping-extra.module.css";

interface Props {
  open: boolean;
  order: readonly OrderedCategory[];
  /** Moves the heading at `index` one place; resolves to whether anything was written. */
  onMove: (index: number, delta: -1 | 1) => Promise<boolean>;
  onClose: () => void;
}

const Chevron = ({ up }: { up: boolean }) => (
  <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
    <path d={up ? "m6 15 6-6 6 6" : "m6 9 6 6 6-6"} strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

/**
 * The household's store order: each heading with Move up / Move down buttons. The moved heading
 * keeps focus (on the other button when it reached an end) and its new place is announced.
 */
/** Memoized: while it is closed, ticking or adding an item does not render it (the page passes stable props). */
export const StoreOrderDialog = memo(function StoreOrderDialog({ open, order, onMove, onClose }: Props) {
  const [announcement, setAnnouncement] = useState("");
  const focusAfter = useRef<{ id: string; up: boolean } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  /** A move is written but not shown yet: a second press would move from a stale order. */
  const moving = useRef(false);

  useEffect(() => {
    moving.current = false; // the new order is shown: the next move starts from it
    const want = focusAfter.current;
    if (!want) return;
    const at = order.findIndex((c) => c.id === want.id);
    // Only put back focus the re-render took away (a moved node loses it), never take it from elsewhere.
    const active = document.activeElement;
    const lost = active === null || active === document.body || [...buttons.current.values()].includes(active as never);
    if (at < 0 || !lost) return;
    // At an end the pressed button is disabled: continue from the other one.
    const up = want.up ? at > 0 : at === order.length - 1;
    buttons.current.get(`${want.id}/${up ? "up" : "down"}`)?.focus();
  }, [order]);

  async function move(index: number, delta: -1 | 1) {
    const c = order[index];
    if (!c || moving.current) return;
    moving.current = true;
    focusAfter.current = { id: c.id, up: delta < 0 };
    if (await onMove(index, delta)) {
      setAnnouncement(`${c.name} moved to position ${index + delta + 1} of ${order.length}.`);
    } else moving.current = false; // nothing written: the order will not change
  }

  return (
    <Dialog
      open={open}
      title="Store order"
      description="Put the aisles in the order you walk your store; the list follows it on every device."
      onClose={onClose}
      actions={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <ol className={own.orderList} aria-label="Aisles in store order">
        {order.map((c, i) => (
          <li key={c.id} className={own.orderRow}>
            <span className={own.orderName}>
              <span className={own.orderIndex} aria-hidden="true">
                {i + 1}
              </span>
              {c.name}
            </span>
            <button
              ref={(el) => void (el ? buttons.current.set(`${c.id}/up`, el) : buttons.current.delete(`${c.id}/up`))}
              type="button"
              className="btn btn-ghost btn-icon"
              aria-label={`Move ${c.name} up`}
              disabled={i === 0}
              onClick={() => void move(i, -1)}
            >
              <Chevron up />
            </button>
            <button
              ref={(el) => void (el ? buttons.current.set(`${c.id}/down`, el) : buttons.current.delete(`${c.id}/down`))}
              type="button"
              className="btn btn-ghost btn-icon"
              aria-label={`Move ${c.name} down`}
              disabled={i === order.length - 1}
              onClick={() => void move(i, 1)}
            >
              <Chevron up={false} />
            </button>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </Dialog>
  );
});
