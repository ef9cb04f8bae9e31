import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable, Middleware } from "dexie";
import type { SyncedRow, TableDef } from "../core/define-table";
import { type StoredRow, fromStoredRow, toStoredRow } from "../core/stored-row";
import { isTableName, tableDef } from "../core/tables";

// Synced rows are stored in their compact form (src/core/stored-row.ts) and read back as full rows,
// by a DBCore middleware beneath every other of ours: the repository, change tracking, sync and the
// app's live queries read and write full rows with `fieldUpdatedAt` maps as before, and only
// IndexedDB (and Dexie's own caches and change observation, beneath this) sees the stored form.

/** Beneath change tracking (Dexie's default level, 10), above Dexie's own middlewares (≤ 2). */
const LEVEL = 5;

function decode(table: TableDef, value: unknown): unknown {
  return value === undefined || value === null ? value : fromStoredRow(table, value as StoredRow);
}

/** A cursor whose `value` is the full row of the stored one it stands on. */
function decodingCursor(table: TableDef, cursor: DBCoreCursor): DBCoreCursor {
  return Object.create(cursor, {
    value: { get: () => decode(table, cursor.value) },
  }) as DBCoreCursor;
}

function compactTable(table: TableDef, down: DBCoreTable): DBCoreTable {
  return {
    ...down,
    // `.then` on Dexie's own promises, not `async` functions: an extra native tick between an
    // IndexedDB event and the caller's next request can let the transaction commit in between.
    get: (req) => down.get(req).then((v) => decode(table, v)),
    getMany: (req) => down.getMany(req).then((vs) => vs.map((v) => decode(table, v))),
    query: (req) =>
      down.query(req).then((res) => (req.values ? { ...res, result: res.result.map((v) => decode(table, v)) } : res)),
    openCursor: (req) =>
      down.openCursor(req).then((cursor) => (cursor && req.values ? decodingCursor(table, cursor) : cursor)),
    mutate(req: DBCoreMutateRequest) {
      if (req.type !== "add" && req.type !== "put") return down.mutate(req);
      // The values are the whole truth; update specs would name keys of the full form
      // (`fieldUpdatedAt.name`) that the stored form does not have.
      const rest: Record<string, unknown> = { ...req };
      delete rest.updates;
      delete rest.criteria;
      delete rest.changeSpec;
      const values = req.values.map((v) => toStoredRow(table, v as SyncedRow | StoredRow));
      return down.mutate({ ...rest, values } as unknown as DBCoreMutateRequest);
    },
  };
}

export const compactStorage: Middleware<DBCore> = {
  stack: "dbcore",
  name: "DomusCompactStorage",
  level: LEVEL,
  create(down) {
    return {
      ...down,
      table(name) {
        const downTable = down.table(name);
        return isTableName(name) ? compactTable(tableDef(name), downTable) : downTable;
      },
    };
  },
};
