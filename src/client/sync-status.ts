import { Dexie, type ObservabilitySet } from "dexie";
import type { DomusDb } from "./db";
import { NOTIFY_AFTER_MS, changedKeys, tablePart } from "./live-table";
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
  // A sync by another thread of this database (the service worker, another tab) ended well: the
  // network and the server are back, whatever this page's last own attempt said.
  const recoveredElsewhere = (lastSyncAt: string | null | undefined) =>
    (state.status === "offline" || state.status === "error") &&
    typeof lastSyncAt === "string" &&
    (state.lastSyncAt === null || lastSyncAt > state.lastSyncAt);
  const show = ({ signedIn, ...counts }: Partial<Counts>) => {
    if (signedIn === false && state.status === "idle") set({ ...counts, status: "local-only" });
    else if (signedIn === true && state.status === "local-only") set({ ...counts, status: "idle" });
    else if (recoveredElsewhere(counts.lastSyncAt)) set({ ...counts, status: "idle", error: null });
    else if (Object.entries(counts).some(([k, v]) => state[k as keyof SyncState] !== v)) set(counts);
  };
  // Counts for the badge, live: they change with every local write, sync or resolved conflict.
  const counts = [
    watchTable(db, "outbox", null, () => readOutbox(db), show),
    watchTable(db, "conflicts", null, () => readConflicts(db), show),
    // Every local write stores the clock in meta: only these two keys are read again.
    watchTable(db, "meta", ["lastSyncAt", "account"], () => readMeta(db), show),
  ];
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
      for (const stop of counts) stop();
      listeners.clear();
    },
  };
}

/**
 * Reads `read` now, and again after committed changes to `table` (to one of `keys` of it, when given):
 * Dexie's `storagemutated`, fired for this tab's writes and, over a BroadcastChannel, for other tabs'
 * and the service worker's. The changes of a few milliseconds get one read: one action writes the
 * outbox several times (its writes, the push's marks, the acknowledgement), and the live queries this
 * replaces read it again after each one, in a transaction of its own. Returns the function that stops.
 */
function watchTable<T>(
  db: DomusDb,
  table: string,
  keys: readonly string[] | null,
  read: () => Promise<T>,
  show: (value: T) => void,
): () => void {
  const part = tablePart(db, table);
  const touches = (parts: ObservabilitySet) => {
    // Any change to the table, for a whole-table read: no need to list the keys a write names.
    if (keys === null) return "all" in parts || part in parts;
    const change = changedKeys(parts, part);
    return change !== null && (change.all || change.keys.some((k) => keys.includes(k)));
  };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  let again = false;
  const run = async () => {
    timer = undefined;
    if (reading) {
      again = true; // read once more when this read is done: it may have missed the change
      return;
    }
    reading = true;
    try {
      const value = await read();
      if (!stopped) show(value);
    } catch {
      // The database was closed or deleted (sign-out): nothing left to count.
    } finally {
      reading = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    // As long as the live tables gather theirs: one action's changes reach the page together.
    if (!stopped) timer ??= setTimeout(() => void run(), NOTIFY_AFTER_MS);
  };
  const onMutated = (parts: ObservabilitySet) => {
    if (touches(parts)) schedule();
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
