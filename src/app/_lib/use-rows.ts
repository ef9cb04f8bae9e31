"use client";

import { type DomusDb, type RowByTable, type TableName, liveRows, liveTable } from "@/client";
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { useDomus } from "./domus-provider";

/**
 * A live query on the open account database: re-runs whenever the tables it read change (a local
 * write or a pulled sync page). `undefined` while the database opens or the first result loads.
 */
export function useRows<T>(query: (db: DomusDb) => Promise<T>, deps: readonly unknown[] = []): T | undefined {
  const { db } = useDomus();
  return useLiveQuery<T | undefined>(() => (db ? query(db) : undefined), [db, ...deps]);
}

/**
 * Every row of a synced table, deleted ones included, in id order, kept current from the writes
 * themselves (see liveTable in src/client/live-table.ts): a change to one row reads that row, not
 * the table, and every unchanged row keeps its object. `undefined` while the database opens or the
 * first read runs. Readers of the same table share one copy.
 */
export function useTableRows<T extends TableName>(table: T): readonly RowByTable[T][] | undefined {
  const { db } = useDomus();
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!db) return noop;
      const live = liveTable(db, table);
      const off = live.table.subscribe(onChange);
      return () => {
        off();
        live.release();
      };
    },
    [db, table],
  );
  return useSyncExternalStore(
    subscribe,
    () => (db ? liveRows(db, table) : undefined),
    () => undefined,
  );
}

const noop = () => undefined;

/** The table's rows that are not deleted (see useTableRows): a new array only when the table changed. */
export function useCurrentRows<T extends TableName>(table: T): RowByTable[T][] | undefined {
  const rows = useTableRows(table);
  return useMemo(() => rows?.filter((r) => r.deletedAt === null), [rows]);
}
