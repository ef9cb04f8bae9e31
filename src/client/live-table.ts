import { Dexie, type IntervalTree, type ObservabilitySet } from "dexie";
import { sameData } from "../core/same-data";
import type { RowByTable, TableName } from "../core/tables";
import type { DomusDb } from "./db";

/**
 * A synced table's rows, held in memory and kept current by the writes themselves: the pages' lists
 * read from here instead of a live query. A live query re-reads its whole result after any write to
 * what it read, so ticking one item of 1,000 read 1,000 rows back from IndexedDB, decoded them, and
 * compared each with the one shown before (9–15 ms of main thread per change on a fast desktop, and
 * garbage for the collector), once for every open list of the table. Here a committed write names its
 * keys (Dexie's `storagemutated` event, fired in this tab for its own writes and, over a
 * BroadcastChannel, for other tabs' and the service worker's): only those rows are read again, and
 * every other row keeps its object. A write that names a range instead (a pulled page of 50 rows or
 * more, a clear) reads the table again, still keeping the objects of rows that did not change.
 *
 * One copy per database and table, shared by every reader, dropped when the last one leaves.
 */
export interface LiveTable<R> {
  /** Every row, deleted ones included, in id order; undefined until the first read. */
  readonly rows: readonly R[] | undefined;
  /** `listener` runs after `rows` changed (a new array; unchanged rows keep their objects). */
  subscribe(listener: () => void): () => void;
}

interface Entry {
  table: LiveTable<never>;
  readers: number;
  stop(): void;
}

const open = new WeakMap<DomusDb, Map<TableName, Entry>>();

/** The shared live copy of `table` in `db`; `release` it when done. */
export function liveTable<T extends TableName>(
  db: DomusDb,
  table: T,
): { table: LiveTable<RowByTable[T]>; release(): void } {
  let tables = open.get(db);
  if (!tables) open.set(db, (tables = new Map()));
  let entry = tables.get(table);
  if (!entry) {
    const created = createLiveTable<RowByTable[T]>(db, table);
    entry = { table: created.table as LiveTable<never>, readers: 0, stop: created.stop };
    tables.set(table, entry);
  }
  const held = entry;
  held.readers++;
  let released = false;
  return {
    table: held.table as LiveTable<RowByTable[T]>,
    release() {
      if (released) return;
      released = true;
      if (--held.readers > 0) return;
      held.stop();
      if (tables.get(table) === held) tables.delete(table);
    },
  };
}

/** The rows of the shared copy of `table` in `db` while someone holds it, else undefined. */
export function liveRows<T extends TableName>(db: DomusDb, table: T): readonly RowByTable[T][] | undefined {
  return open.get(db)?.get(table)?.table.rows as readonly RowByTable[T][] | undefined;
}

/** Where Dexie's change events (`storagemutated`) name the primary keys of `table` in `db`. */
export function tablePart(db: DomusDb, table: string): string {
  return `idb://${db.name}/${table}/`;
}

/**
 * Listeners of every table are told together, a few milliseconds after a change: the writes of one
 * action (a completion and its task, each its own transaction) and the rows the sync writes back then
 * reach the pages as one change, so a page renders once for them instead of once per table and
 * commit. The rows themselves are current at once (`rows`); only the telling waits.
 */
export const NOTIFY_AFTER_MS = 10;
const pending = new Map<() => void, ReadonlySet<() => void>>();
let flushing: ReturnType<typeof setTimeout> | undefined;

function notifySoon(listeners: ReadonlySet<() => void>): void {
  for (const listener of listeners) pending.set(listener, listeners);
  flushing ??= setTimeout(() => {
    flushing = undefined;
    const due = [...pending];
    pending.clear();
    // A reader that left meanwhile is not told.
    for (const [listener, of] of due) if (of.has(listener)) listener();
  }, NOTIFY_AFTER_MS);
}

type Change = { all: true } | { all: false; keys: string[] };

/**
 * What a committed write changed in `part` (the primary keys of one table): the keys it names, or
 * `all` when it names a range. Parts come as Dexie's RangeSet from this tab, as plain objects of the
 * same shape from other tabs (BroadcastChannel).
 */
export function changedKeys(parts: ObservabilitySet, part: string): Change | null {
  if ("all" in parts) return { all: true };
  const tree = parts[part];
  if (!tree) return null;
  const keys: string[] = [];
  const walk = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !("from" in node)) return true;
    if (node.from !== node.to || typeof node.from !== "string") return false;
    keys.push(node.from);
    return walk(node.l) && walk(node.r);
  };
  return walk(tree) ? (keys.length > 0 ? { all: false, keys } : null) : { all: true };
}

function createLiveTable<R extends { id: string }>(
  db: DomusDb,
  name: TableName,
): { table: LiveTable<R>; stop(): void } {
  const store = db.table<R, string>(name);
  const part = tablePart(db, name);
  const listeners = new Set<() => void>();
  let rows: R[] | undefined;
  let byId = new Map<string, R>();
  let stopped = false;
  // Reads run one at a time, in order; what arrives meanwhile is gathered for the next one.
  let reading: Promise<void> | null = null;
  let reloadNext = true;
  const keysNext = new Set<string>();

  /** `index` is `next` by id when the caller has it already (see refresh). */
  const publish = (next: R[], index?: Map<string, R>) => {
    rows = next;
    byId = index ?? new Map(next.map((r) => [r.id, r]));
    notifySoon(listeners);
  };

  const reload = async () => {
    const read = await store.toArray();
    if (stopped) return;
    let changed = rows === undefined || rows.length !== read.length;
    const next = read.map((row, i) => {
      const old = byId.get(row.id);
      const kept = old !== undefined && sameData(old, row) ? old : row;
      if (!changed && kept !== rows![i]) changed = true;
      return kept;
    });
    if (changed) publish(next);
  };

  const refresh = async (keys: string[]) => {
    const read = await store.bulkGet(keys);
    if (stopped || rows === undefined) return;
    // The index is changed in place (nothing outside reads it, and reads run one at a time): a copy
    // of 1,000 entries per change was garbage kept until the next change, for the old generation's
    // collector, whose pauses then landed in later clicks.
    let reshaped = false; // a row came or went: the order is made again
    let changed = false;
    keys.forEach((id, i) => {
      const row = read[i];
      const old = byId.get(id);
      if (row === undefined) reshaped = byId.delete(id) || reshaped;
      else if (old === undefined || !sameData(old, row)) {
        byId.set(id, row);
        if (old === undefined) reshaped = true;
        else changed = true;
      }
    });
    if (reshaped)
      publish(
        [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        byId,
      );
    else if (changed)
      publish(
        rows.map((r) => byId.get(r.id)!),
        byId,
      );
  };

  const drain = () => {
    if (reading || stopped) return;
    const all = reloadNext;
    const keys = [...keysNext];
    reloadNext = false;
    keysNext.clear();
    if (!all && keys.length === 0) return;
    reading = (all ? reload() : refresh(keys))
      .catch(() => {
        // The database closed (sign-out, deleted): nothing more to show from it.
      })
      .finally(() => {
        reading = null;
        drain();
      });
  };

  const onMutated = (parts: ObservabilitySet) => {
    const change = changedKeys(parts, part);
    if (!change) return;
    if (change.all) reloadNext = true;
    else for (const key of change.keys) keysNext.add(key);
    drain();
  };

  // Listening starts before the first read: a write committed during it is read again after it.
  Dexie.on.storagemutated.subscribe(onMutated);
  drain();

  return {
    table: {
      get rows() {
        return rows;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    stop() {
      stopped = true;
      listeners.clear();
      Dexie.on.storagemutated.unsubscribe(onMutated);
    },
  };
}
