import { Dexie, type Table } from "dexie";
import { dexieStores } from "../core/dexie-stores";
import { type RowByTable, TABLES, TABLE_NAMES, type TableName } from "../core/tables";
import { changeTracking, markUntracked } from "./change-tracking";
import { compactStorage } from "./compact-storage";

export { outboxKey } from "./change-tracking";

// Dexie turns a debug mode on by itself for pages served from localhost or 127.0.0.1: a DevTools
// console task per table operation and long stack traces for its promises, which made each write
// and live query several milliseconds slower. Users never load the app from there, but the tests
// and benchmarks do; with it off everywhere, they measure what users run.
Dexie.debug = false;

/** A field value with the HLC time it was written. */
export interface StampedValue {
  value: unknown;
  ts: string;
}

/**
 * What this device changed in one row and the server has not acknowledged yet. Written in the same
 * Dexie transaction as the row, so no change goes untracked and an aborted write tracks nothing.
 */
export interface OutboxEntry {
  /** `${table}/${rowId}`: one entry per row, however many times it changes before a sync. */
  key: string;
  table: TableName;
  rowId: string;
  /** Changed fields not yet acknowledged, each with its value and HLC stamp. */
  fields: Record<string, StampedValue>;
  /** The server does not have the row yet, so it is pushed complete (createdAt and every field). */
  isNew: boolean;
  /**
   * `pending`: fields to push. `rejected`: the server refused the row (`reason` says why); it is not
   * retried until edited again. `confirming`: nothing to push, only `sent` values awaiting a pull.
   */
  status: "pending" | "rejected" | "confirming";
  reason: string | null;
  /**
   * Values the server reported `applied` whose outcome the following pull confirms: a pushed field can
   * be applied as part of a row yet lose to a newer value, and that loss is a conflict to keep.
   */
  sent: Record<string, StampedValue>;
  /** Latest local stamp in `fields`. */
  changedAt: string;
}

/** One side of a conflict. `by` is the writer's user id when known (the server does not record who wrote each field). */
export interface ConflictSide {
  value: unknown;
  ts: string;
  by: string | null;
}

/** A field value a local change lost to a newer value from elsewhere; kept so the user can restore it. */
export interface ConflictRecord {
  id: string;
  table: TableName;
  rowId: string;
  field: string;
  mine: ConflictSide;
  theirs: ConflictSide;
  detectedAt: string;
  resolved: boolean;
  resolution: "mine" | "theirs" | null;
}

/** Key-value records of the `meta` store; see `meta.ts` for the typed accessors. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export type SyncedTables = { [T in TableName]: Table<RowByTable[T], string> };

/** The Domus client database: one Dexie store per synced table plus outbox, meta and conflicts. */
export type DomusDb = Dexie &
  SyncedTables & {
    outbox: Table<OutboxEntry, string>;
    meta: Table<MetaRecord, string>;
    conflicts: Table<ConflictRecord, string>;
  };

export interface OpenDomusDbOptions {
  /** `LOCAL_DB_NAME` before sign-in, `userDbName(userId)` after. */
  name: string;
  /** Injected IndexedDB (fake-indexeddb in tests); the browser's by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** The wall clock of stamps for writes that bring none (raw table writes); tests skew it. */
  now?: () => number;
}

/** The database used with no account: nothing in it is synced until it is adopted by an account. */
export const LOCAL_DB_NAME = "domus-local";

/** Each signed-in user has a database of their own, so another account on this browser never sees it. */
export function userDbName(userId: string): string {
  return `domus-u-${userId}`;
}

const CLIENT_STORES = {
  outbox: "key, table, status, changedAt",
  meta: "key",
  conflicts: "id, [table+rowId], detectedAt",
};

export function openDomusDb(options: OpenDomusDbOptions): DomusDb {
  // Dexie's query cache is off. It deep-clones every live query's result (1,000 rows of a list, on
  // every re-read), and its optimistic updates skip explicit transactions, which are all our writes
  // (a row and its outbox entry commit together): the pages show pending writes themselves
  // (use-optimistic-rows.ts), so it only cost time.
  const dexieOptions: ConstructorParameters<typeof Dexie>[1] = { cache: "disabled" };
  if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
  if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
  const db = new Dexie(options.name, dexieOptions);
  // Every write to a synced table is stamped and recorded in the outbox, whoever makes it.
  db.use(changeTracking(options.name, options.now));
  // Beneath it, synced rows are stored compact and read back full (src/core/stored-row.ts).
  db.use(compactStorage);
  // The synced stores come from the table definitions; they are never declared here by hand.
  // Bumped whenever a table or client index is added (2: taskCompletions; 3: shopping lists and
  // categories, shoppingItems.listId), so existing databases upgrade.
  const stores = { ...dexieStores(Object.values(TABLES)), ...CLIENT_STORES };
  db.version(3).stores(stores);
  // 4: rows stored compact. Each row is read (full) and written back (compact); nothing else changes,
  // so it is not a local change, and the outbox, conflicts and meta are kept as they are.
  db.version(4)
    .stores(stores)
    .upgrade(async (tx) => {
      markUntracked(tx);
      for (const name of TABLE_NAMES) {
        const table = tx.table(name);
        await table.bulkPut(await table.toArray());
      }
    });
  return db as DomusDb;
}
