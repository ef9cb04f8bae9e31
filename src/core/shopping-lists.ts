/**
 * Which list an item is on. Items written before lists existed have no `listId`; they, and items
 * whose list is gone (deleted on one device while another added to it offline), are on the default
 * list, so nothing a member added is ever hidden. Pure.
 */

/** The default list's id: it exists without a row; a row with this id only renames it. */
export const DEFAULT_LIST_ID = "default";
export const DEFAULT_LIST_NAME = "Shopping";

export interface ListRow {
  id: string;
  name: string;
  createdAt: string;
  deletedAt: string | null;
}

export interface ShoppingListView {
  id: string;
  name: string;
}

/** The lists to offer: the default one first, then the others by creation (id breaks ties). */
export function visibleLists(rows: readonly ListRow[]): ShoppingListView[] {
  const renamed = rows.find((r) => r.id === DEFAULT_LIST_ID && r.deletedAt === null);
  const others = rows
    .filter((r) => r.id !== DEFAULT_LIST_ID && r.deletedAt === null)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  return [
    { id: DEFAULT_LIST_ID, name: renamed?.name ?? DEFAULT_LIST_NAME },
    ...others.map((r) => ({ id: r.id, name: r.name })),
  ];
}

/** The list an item shows on, given the lists that exist. */
export function listOf(item: { listId: string | null }, lists: readonly ShoppingListView[]): string {
  const id = item.listId;
  return id !== null && lists.some((l) => l.id === id) ? id : DEFAULT_LIST_ID;
}
