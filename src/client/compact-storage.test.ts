import { Dexie } from "dexie";
import { IDBKeyRange } from "fake-indexeddb";
import { describe, expect, test } from "vitest";
import { dexieStores } from "../core/dexie-stores";
import type { SyncedRow } from "../core/define-table";
import { TABLES, type ShoppingItem } from "../core/tables";
import { openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { userDbName } from "./db";
import { uuidv7 } from "./uuid";

// Synced rows are stored compact (src/core/stored-row.ts) and read full: what IndexedDB holds is
// checked here with a plain Dexie, without the app's middlewares.

const { server, device, track } = useTestServer();

/** A table's rows exactly as IndexedDB holds them. */
async function storedRows(indexedDB: IDBFactory, userId: string): Promise<Record<string, unknown>[]> {
  const raw = new Dexie(userDbName(userId), { indexedDB, IDBKeyRange });
  await raw.open();
  try {
    return await raw.table("shoppingItems").toArray();
  } finally {
    raw.close();
  }
}

describe("rows stored compact", () => {
  test("a pulled and edited row merges field by field against its stored form", async () => {
    const user = await signUp(server);
    const a = await device(user.session);
    const b = await device(await signIn(server, user));
    const id = await a.repo.add("shoppingItems", { name: "Milk", quantity: 1 });
    await a.engine.sync();
    await b.engine.sync();
    const [downloaded] = await storedRows(b.indexedDB, user.session.user.id);
    // Every field was written with the row's change: nothing but the row's own stamp is stored.
    expect(downloaded).toMatchObject({ id, name: "Milk" });
    expect(downloaded).not.toHaveProperty("fieldUpdatedAt");
    expect(downloaded).not.toHaveProperty("otherStamps");

    await b.repo.update("shoppingItems", id, { name: "Oat milk" });
    const edited = (await b.db.shoppingItems.get(id))!;
    const [stored] = await storedRows(b.indexedDB, user.session.user.id);
    // The other fields keep their older stamp, by name; the full row reads every stamp back.
    expect(stored).not.toHaveProperty("fieldUpdatedAt");
    expect(stored!.otherStamps).toMatchObject({ quantity: downloaded!.updatedAt, checked: downloaded!.updatedAt });
    expect(edited.fieldUpdatedAt.name).toBe(edited.updatedAt);
    expect(edited.fieldUpdatedAt.quantity).toBe(downloaded!.updatedAt);

    // A later change of another field on A, and B's earlier one: both kept, on both devices.
    await a.repo.update("shoppingItems", id, { quantity: 3 });
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 1 });
    expect(await b.engine.sync()).toMatchObject({ status: "synced", conflicts: 0 });
    await a.engine.sync();
    for (const d of [a, b])
      expect(await visible(d, "shoppingItems")).toMatchObject([{ name: "Oat milk", quantity: 3 }]);
    const merged = (await b.db.shoppingItems.get(id))!;
    expect(merged.fieldUpdatedAt.name).toBe(edited.updatedAt);
    expect(merged.fieldUpdatedAt.quantity! > edited.updatedAt).toBe(true);
    expect(merged.fieldUpdatedAt.checked).toBe(downloaded!.updatedAt);
  });

  test("a database of version 3 keeps its rows and its pending changes when upgraded", async () => {
    const user = await signUp(server);
    const userId = user.session.user.id;
    const { IDBFactory } = await import("fake-indexeddb");
    const indexedDB = new IDBFactory();
    // The database as the previous build left it: full rows with their stamp maps, and an outbox
    // entry of a row created here and never pushed.
    const old = new Dexie(userDbName(userId), { indexedDB, IDBKeyRange });
    old.version(3).stores({
      ...dexieStores(Object.values(TABLES)),
      outbox: "key, table, status, changedAt",
      meta: "key",
      conflicts: "id, [table+rowId], detectedAt",
    });
    const at = "2026-11-30T10:00:00.000Z";
    const earlier = "2026-11-30T09:00:00.000Z";
    const row = (name: string): ShoppingItem & SyncedRow => ({
      id: uuidv7(),
      householdId: user.session.household.id,
      userId,
      createdAt: earlier,
      updatedAt: at,
      deletedAt: null,
      syncedAt: null,
      name,
      quantity: 2,
      unit: null,
      category: null,
      checked: false,
      listId: null,
      fieldUpdatedAt: {
        name: at,
        quantity: earlier,
        unit: earlier,
        category: earlier,
        checked: earlier,
        listId: earlier,
        deletedAt: earlier,
      },
    });
    const tea = row("Tea");
    await old.table("shoppingItems").bulkPut([tea]);
    await old.table("outbox").put({
      key: `shoppingItems/${tea.id}`,
      table: "shoppingItems",
      rowId: tea.id,
      fields: Object.fromEntries(
        Object.entries(tea.fieldUpdatedAt).map(([f, ts]) => [f, { value: tea[f as keyof ShoppingItem], ts }]),
      ),
      isNew: true,
      status: "pending",
      reason: null,
      sent: {},
      changedAt: at,
    });
    old.close();

    const upgraded = await track(openDevice(server, user.session, { indexedDB }));
    expect(await upgraded.db.shoppingItems.get(tea.id)).toEqual(tea);
    expect(await upgraded.db.outbox.count()).toBe(1);
    const [stored] = await storedRows(indexedDB, userId);
    expect(stored).not.toHaveProperty("fieldUpdatedAt");
    expect(stored!.otherStamps).toEqual({
      quantity: earlier,
      unit: earlier,
      category: earlier,
      checked: earlier,
      listId: earlier,
      deletedAt: earlier,
    });

    // The pending change still reaches another device, stamps and all.
    expect(await upgraded.engine.sync()).toMatchObject({ status: "synced", pushed: 1, rejected: 0 });
    const other = await device(await signIn(server, user));
    await other.engine.sync();
    const there = (await other.db.shoppingItems.get(tea.id))!;
    expect(there).toMatchObject({ name: "Tea", quantity: 2 });
    expect(there.fieldUpdatedAt.quantity).toBe(earlier);
    expect(there.fieldUpdatedAt.name).toBe(at);
  });
});
