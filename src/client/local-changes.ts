import { liveQuery } from "dexie";
import type { DomusDb } from "./db";

/**
 * Calls `onChange` after each local write that leaves something to push: the latest pending outbox
 * entry got newer. What was pending when watching began is the baseline, not a change.
 * Returns the function that stops watching.
 */
export function watchLocalChanges(db: DomusDb, onChange: () => void): () => void {
  let lastChange: string | null = null;
  const subscription = liveQuery(() => db.outbox.orderBy("changedAt").last()).subscribe({
    next(entry) {
      const latest = entry?.status === "pending" ? entry.changedAt : "";
      if (lastChange === null || latest <= lastChange) {
        lastChange = lastChange === null || latest > lastChange ? latest : lastChange;
        return;
      }
      lastChange = latest;
      onChange();
    },
    error() {
      // The database closed: nothing more will change in it.
    },
  });
  return () => subscription.unsubscribe();
}
