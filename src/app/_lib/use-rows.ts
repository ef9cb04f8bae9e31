"use client";

import type { DomusDb } from "@/client";
import { useLiveQuery } from "dexie-react-hooks";
import { useDomus } from "./domus-provider";

/**
 * A live query on the open account database: re-runs whenever the tables it read change (a local
 * write or a pulled sync page). `undefined` while the database opens or the first result loads.
 */
export function useRows<T>(query: (db: DomusDb) => Promise<T>, deps: readonly unknown[] = []): T | undefined {
  const { db } = useDomus();
  return useLiveQuery<T | undefined>(() => (db ? query(db) : undefined), [db, ...deps]);
}
