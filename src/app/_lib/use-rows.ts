"use client";

import type { DomusDb } from "@/client";
import { useLiveQuery } from "dexie-react-hooks";
import { useMemo, useRef } from "react";
import { useDomus } from "./domus-provider";
import { reuseRows } from "./stable-rows";

/**
 * A live query on the open account database: re-runs whenever the tables it read change (a local
 * write or a pulled sync page). `undefined` while the database opens or the first result loads.
 */
export function useRows<T>(query: (db: DomusDb) => Promise<T>, deps: readonly unknown[] = []): T | undefined {
  const { db } = useDomus();
  return useLiveQuery<T | undefined>(() => (db ? query(db) : undefined), [db, ...deps]);
}

/**
 * A live query of rows whose unchanged rows keep their objects across re-reads (see stable-rows.ts),
 * so a change to one row of a long list is one changed object, not a new list of equal ones.
 */
export function useRowList<R extends { id: string }>(
  query: (db: DomusDb) => Promise<R[]>,
  deps: readonly unknown[] = [],
): R[] | undefined {
  const rows = useRows(query, deps);
  // The last result handed out. A render React discards may move it on: harmless, since only rows
  // equal by data are ever reused from it.
  const last = useRef<R[] | undefined>(undefined);
  return useMemo(() => {
    if (rows === undefined) return undefined;
    last.current = reuseRows(last.current, rows);
    return last.current;
  }, [rows]);
}
