import type { TableDef } from "./define-table";

/**
 * The Dexie store declaration of a synced table, derived from its definition: primary key `id`,
 * plus `updatedAt`, `deletedAt` and the table's own client indexes.
 */
export function dexieStore(table: TableDef): string {
  return ["id", "updatedAt", "deletedAt", ...table.clientIndexes].join(", ");
}

export function dexieStores(tables: readonly TableDef[]): Record<string, string> {
  return Object.fromEntries(tables.map((t) => [t.name, dexieStore(t)]));
}
