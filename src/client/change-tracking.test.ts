import { describe, expect, test, vi } from "vitest";
import type { ShoppingItem } from "../core/tables";
import { signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { watchLocalChanges } from "./change-tracking";
import { uuidv7 } from "./uuid";

const { server, device } = useTestServer();

/** What a caller who knows nothing of sync writes: the row's own fields, no stamps, no owner. */
const bare = (name: string, extra: Partial<ShoppingItem> = {}) =>
  ({ id: uuidv7(), name, quantity: 1, ...extra }) as ShoppingItem;

const names = async (d: Awaited<ReturnType<typeof device>>) =>
  (await visible(d, "shoppingItems")).map((i) => `${i.name}${i.checked ? " ✓" : ""}`).sort();

describe("every write to a synced table is tracked, whoever makes it", () => {
  test("raw put, bulkPut, update and delete on the table reach another device", async () => {
    const user = await signUp(server);
    const a = await device(user.session);
    const b = await device(await signIn(server, user));

    const milk = bare("Milk");
    await a.db.shoppingItems.put(milk);
    const [bread, eggs] = [bare("Bread"), bare("Eggs", { quantity: 12 })];
    await a.db.shoppingItems.bulkPut([bread, eggs]);
    expect(await a.db.outbox.count()).toBe(3);
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 3, rejected: 0 });
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pulled: 3 });
    expect(await names(b)).toEqual(["Bread", "Eggs", "Milk"]);
    expect((await b.db.shoppingItems.get(eggs.id))?.quantity).toBe(12);

    await a.db.shoppingItems.update(milk.id, { checked: true });
    await a.db.shoppingItems.delete(bread.id);
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 2, rejected: 0 });
    await b.engine.sync();
    expect(await names(b)).toEqual(["Eggs", "Milk ✓"]);
    // A delete is a soft delete, as the repository's: the row stays as a tombstone that syncs.
    expect((await a.db.shoppingItems.get(bread.id))?.deletedAt).not.toBeNull();
    expect(await names(a)).toEqual(["Eggs", "Milk ✓"]);
  });

  test("a raw row is completed and stamped like the repository's", async () => {
    const user = await signUp(server);
    const a = await device(user.session);
    const milk = bare("Milk");
    await a.db.shoppingItems.put(milk);
    const row = (await a.db.shoppingItems.get(milk.id))!;
    expect(row).toMatchObject({ checked: false, unit: null, deletedAt: null, syncedAt: null });
    expect(row).toMatchObject({ userId: user.session.user.id, householdId: user.session.household.id });
    const entry = (await a.db.outbox.get(`shoppingItems/${milk.id}`))!;
    expect(entry).toMatchObject({ isNew: true, status: "pending" });
    for (const [field, stamped] of Object.entries(entry.fields)) expect(stamped.ts).toBe(row.fieldUpdatedAt[field]);
    expect(row.createdAt).toBe(row.updatedAt);
  });

  test("a repository write is recorded once, with the write's own stamp", async () => {
    const user = await signUp(server);
    const a = await device(user.session);
    const id = await a.repo.add("shoppingItems", { name: "Tea" });
    await a.repo.update("shoppingItems", id, { name: "Green tea" });
    const row = (await a.db.shoppingItems.get(id))!;
    const entry = (await a.db.outbox.get(`shoppingItems/${id}`))!;
    expect(await a.db.outbox.count()).toBe(1);
    expect(entry.fields.name).toEqual({ value: "Green tea", ts: row.fieldUpdatedAt.name });
    expect(entry.fields.quantity?.ts).toBe(row.createdAt);
    expect(entry.changedAt).toBe(row.updatedAt);
  });

  test("rows written by a pull or a push answer are not recorded as local changes", async () => {
    const user = await signUp(server);
    const a = await device(user.session);
    const b = await device(await signIn(server, user));
    await a.repo.add("shoppingItems", { name: "Rice" });
    await a.engine.sync();
    expect(await a.db.outbox.count()).toBe(0);
    await b.engine.sync();
    expect(await names(b)).toEqual(["Rice"]);
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pushed: 0 });
  });

  test("a write whose transaction aborts records nothing", async () => {
    const a = await device(null);
    const write = a.db.transaction("rw", a.db.shoppingItems, async () => {
      await a.db.shoppingItems.put(bare("Ghost"));
      throw new Error("changed my mind");
    });
    await expect(write).rejects.toThrow("changed my mind");
    expect(await a.db.shoppingItems.count()).toBe(0);
    expect(await a.db.outbox.count()).toBe(0);
  });

  test("each committed local write is told once, in this context; server rows, a write that changes nothing and an aborted one are not", async () => {
    const user = await signUp(server);
    const other = await device(await signIn(server, user));
    await other.repo.add("shoppingItems", { name: "Rice" });
    await other.engine.sync();
    other.close();

    const a = await device(user.session);
    let told = 0;
    const stop = watchLocalChanges(a.db.name, () => told++);
    // The sync writes rows, the outbox and meta (marks, answers, a pulled row): none is a local change.
    const id = await a.repo.add("shoppingItems", { name: "Tea" });
    await vi.waitFor(() => expect(told).toBe(1));
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 1 });
    expect(await names(a)).toEqual(["Rice", "Tea"]);
    // Two rows in one transaction: told once, when it commits.
    await a.db.transaction("rw", a.db.shoppingItems, async () => {
      await a.db.shoppingItems.put(bare("Milk"));
      await a.db.shoppingItems.update(id, { checked: true });
    });
    await vi.waitFor(() => expect(told).toBe(2));
    // Nothing changed, nothing committed: not told. The next real write is the third.
    await a.db.shoppingItems.put((await a.db.shoppingItems.get(id))!);
    const aborted = a.db.transaction("rw", a.db.shoppingItems, async () => {
      await a.db.shoppingItems.put(bare("Ghost"));
      throw new Error("changed my mind");
    });
    await expect(aborted).rejects.toThrow("changed my mind");
    await a.repo.update("shoppingItems", id, { quantity: 2 });
    await vi.waitFor(() => expect(told).toBe(3));
    stop();
    await a.repo.update("shoppingItems", id, { quantity: 3 });
    expect(await a.db.outbox.count()).toBe(2);
    expect(told).toBe(3);
  });
});
