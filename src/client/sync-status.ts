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

type Counts = Pick<SyncState, "pending" | "rejected" | "conflicts" | "lastSyncAt"> & { signedIn: boolean };

// The counts come from three live queries, so a change re-reads only what it touched: every local
// write and every sync step changes the outbox, while conflicts and the last sync time change rarely.
// (As one query, each outbox change also counted the conflicts and read the meta table: 8.6 ms of
// main thread per tick in the bench's profile, in Dexie's per-query transactions.)
const readOutbox = (db: DomusDb) => db.transaction("r", db.outbox, () => countOutbox(db));
const readConflicts = async (db: DomusDb) => ({ conflicts: await db.conflicts.filter((c) => !c.resolved).count() });
const readMeta = (db: DomusDb) =>
  db.transaction("r", db.meta, async () => ({
    lastSyncAt: await getMeta(db, "lastSyncAt"),
    signedIn: (await getMeta(db, "account")) !== null,
  }));

async function readCounts(db: DomusDb): Promise<Counts> {
  return { ...(await readOutbox(db)), ...(await readConflicts(db)), ...(await readMeta(db)) };
}

export function createStatusStore(db: DomusDb): StatusStore {
  const listeners = new Set<(state: SyncState) => void>();
  let state: SyncState = INITIAL_STATE;
  const set = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };
  const show = ({ signedIn, ...counts }: Partial<Counts>) => {
    if (signedIn === false && state.status === "idle") set({ ...counts, status: "local-only" });
    else if (signedIn === true && state.status === "local-only") set({ ...counts, status: "idle" });
    else if (Object.entries(counts).some(([k, v]) => state[k as keyof SyncState] !== v)) set(counts);
  };
  // Counts for the badge, live: they change with every local write, sync or resolved conflict.
  const watch = (read: (db: DomusDb) => Promise<Partial<Counts>>) =>
    liveQuery(() => read(db)).subscribe({
      next: show,
      error() {
        // The database was closed or deleted (sign-out): nothing left to count.
      },
    });
  const counts = [watch(readOutbox), watch(readConflicts), watch(readMeta)];
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
      for (const c of counts) c.unsubscribe();
      listeners.clear();
    },
  };
}
