import { liveQuery } from "dexie";
import type { DomusDb } from "./db";

interface Watch {
  listeners: Set<() => void>;
  stop(): void;
}

// One live query per database, however many watch it (the engine's background sync and the page's
// Background Sync requests both do): each outbox change re-runs it once, not once per watcher.
const watches = new WeakMap<DomusDb, Watch>();

/**
 * Calls `onChange` after each local write that leaves something to push: the latest pending outbox
 * entry got newer. What was pending when watching began is the baseline, not a change.
 * Returns the function that stops watching.
 */
export function watchLocalChanges(db: DomusDb, onChange: () => void): () => void {
  let watch = watches.get(db);
  if (!watch) {
    const listeners = new Set<() => void>();
    let lastChange: string | null = null;
    const subscription = liveQuery(() => db.outbox.orderBy("changedAt").last()).subscribe({
      next(entry) {
        const latest = entry?.status === "pending" ? entry.changedAt : "";
        if (lastChange === null || latest <= lastChange) {
          lastChange = lastChange === null || latest > lastChange ? latest : lastChange;
          return;
        }
        lastChange = latest;
        for (const listener of [...listeners]) listener();
      },
      error() {
        // The database closed: nothing more will change in it.
      },
    });
    watch = { listeners, stop: () => subscription.unsubscribe() };
    watches.set(db, watch);
  }
  const held = watch;
  const listener = () => onChange();
  held.listeners.add(listener);
  return () => {
    if (!held.listeners.delete(listener) || held.listeners.size > 0) return;
    held.stop();
    if (watches.get(db) === held) watches.delete(db);
  };
}
