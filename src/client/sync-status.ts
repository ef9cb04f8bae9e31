import { liveQuery } from "dexie";
import type { DomusDb } from "./db";
import { getMeta } from "./meta";
import { countOutbox } from "./outbox";
import { INITIAL_STATE, type SyncProgress, type SyncState } from "./sync-state";

/** The engine's observable state: what sync is doing plus live counts from the database. */
export interface StatusStore {
  readonly state: SyncState;
  set(patch: Partial<SyncState>): void;
  progress(patch: Partial<SyncProgress>): void;
  subscribe(listener: (state: SyncState) => void): () => void;
  /** Re-reads the counts now (the live query follows on its own, a moment later). */
  refreshCounts(): Promise<void>;
  dispose(): void;
}

async function readCounts(db: DomusDb) {
  return {
    ...(await countOutbox(db)),
    conflicts: await db.conflicts.filter((c) => !c.resolved).count(),
    lastSyncAt: await getMeta(db, "lastSyncAt"),
    signedIn: (await getMeta(db, "account")) !== null,
  };
}

export function createStatusStore(db: DomusDb): StatusStore {
  const listeners = new Set<(state: SyncState) => void>();
  let state: SyncState = INITIAL_STATE;
  const set = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };
  const show = ({ signedIn, ...counts }: Awaited<ReturnType<typeof readCounts>>) => {
    if (!signedIn && state.status === "idle") set({ ...counts, status: "local-only" });
    else if (signedIn && state.status === "local-only") set({ ...counts, status: "idle" });
    else set(counts);
  };
  // Counts for the badge, live: they change with every local write, sync or resolved conflict.
  const counts = liveQuery(() => readCounts(db)).subscribe({
    next: show,
    error() {
      // The database was closed or deleted (sign-out): nothing left to count.
    },
  });
  return {
    get state() {
      return state;
    },
    set,
    progress(patch) {
      const base: SyncProgress = state.progress ?? { phase: "push", sent: 0, total: 0, received: 0, remaining: 0 };
      set({ progress: { ...base, ...patch } });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refreshCounts() {
      show(await readCounts(db));
    },
    dispose() {
      counts.unsubscribe();
      listeners.clear();
    },
  };
}
