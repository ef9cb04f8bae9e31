import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, test } from "vitest";
import { loadHlc } from "./clock";
import { type DomusDb, openDomusDb, userDbName } from "./db";
import { getMeta } from "./meta";
import { InvalidRowError, LOCAL_OWNER, RowNotFoundError, createRepository } from "./repository";
import { preferenceId } from "./preference-id";

/** A device clock the test moves by hand. */
function manualClock(start = Date.parse("2026-11-24T10:00:00.000Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function setup(name = "domus-test") {
  const clock = manualClock();
  const db = openDomusDb({ name, indexedDB: new IDBFactory(), IDBKeyRange });
  const hlc = await loadHlc(db, clock.now);
  const repo = createRepository(db, { hlc, owner: () => ({ userId: "u1", householdId: "h1" }) });
  return { db, hlc, repo, clock };
}

async function outboxOf(db: DomusDb, table: string, id: string) {
  return db.outbox.get(`${table}/${id}`);
}

describe("local writes", () => {
  test("a draft is the row add then stores under the draft's id, without writing anything itself", async () => {
    const { db, repo } = await setup();
    const draft = repo.draft("shoppingItems", { name: "Pears", quantity: 3 });
    expect(draft).toMatchObject({ name: "Pears", quantity: 3, checked: false, unit: null, userId: "u1" });
    expect(await db.shoppingItems.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await repo.add("shoppingItems", { name: "Pears", quantity: 3 }, draft.id)).toBe(draft.id);
    // The same row but for the stamps, which the write takes inside its transaction.
    const unstamped = (row: object) =>
      Object.fromEntries(
        Object.entries(row).filter(([k]) => !["createdAt", "updatedAt", "fieldUpdatedAt"].includes(k)),
      );
    expect(unstamped((await db.shoppingItems.get(draft.id))!)).toEqual(unstamped(draft));
    expect((await outboxOf(db, "shoppingItems", draft.id))?.isNew).toBe(true);
    // A row whose id the caller derives (put) is drafted under that id.
    expect(repo.draft("shoppingItems", { name: "Figs" }, "derived-id")).toMatchObject({
      id: "derived-id",
      name: "Figs",
    });
  });

  test("a draft refuses what add would refuse", async () => {
    const { repo } = await setup();
    expect(() => repo.draft("shoppingItems", { name: "x".repeat(201) })).toThrow(InvalidRowError);
    expect(() => repo.draft("tasks", {})).toThrow(InvalidRowError);
  });

  test("a new item is stored complete with defaults and queued as a new row", async () => {
    const { db, repo } = await setup();
    const id = await repo.add("shoppingItems", { name: "Bread" });
    const row = await db.shoppingItems.get(id);
    expect(row).toMatchObject({ name: "Bread", quantity: 1, checked: false, unit: null, deletedAt: null });
    expect(row?.userId).toBe("u1");
    expect(row?.householdId).toBe("h1");
    const entry = await outboxOf(db, "shoppingItems", id);
    expect(entry?.isNew).toBe(true);
    expect(Object.keys(entry?.fields ?? {}).sort()).toEqual([
      "category",
      "checked",
      "deletedAt",
      "listId",
      "name",
      "quantity",
      "unit",
    ]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("putMany writes every row in one transaction, or none when one is refused", async () => {
    const { db, repo } = await setup();
    await repo.putMany("shoppingCategories", [
      { id: "cat-a", fields: { name: "Dairy", sortKey: "V" } },
      { id: "cat-b", fields: { name: "Bakery", sortKey: "k" } },
    ]);
    expect((await db.shoppingCategories.toArray()).map((c) => [c.id, c.sortKey]).sort()).toEqual([
      ["cat-a", "V"],
      ["cat-b", "k"],
    ]);
    await expect(
      repo.putMany("shoppingCategories", [
        { id: "cat-a", fields: { name: "Dairy", sortKey: "a" } },
        { id: "cat-c", fields: { name: "Frozen", sortKey: "" } },
      ]),
    ).rejects.toThrow(/sortKey/);
    expect((await db.shoppingCategories.get("cat-a"))?.sortKey).toBe("V");
    expect(await db.shoppingCategories.get("cat-c")).toBeUndefined();
  });

  test("writes of two tables made together are all stored and queued, or none when one fails", async () => {
    const { db, repo } = await setup();
    const taskId = await repo.add("tasks", { title: "Water plants" });
    const completedAt = "2026-11-24T10:00:00.000Z";
    const completion = { taskId, occurrence: "2026-11-24", doneOn: "2026-11-24", completedAt };
    await repo.together(["taskCompletions", "tasks"], async () => {
      await repo.put("taskCompletions", "done-1", completion);
      await repo.update("tasks", taskId, { completedAt });
    });
    expect((await db.tasks.get(taskId))?.completedAt).toBe(completedAt);
    expect((await db.taskCompletions.get("done-1"))?.taskId).toBe(taskId);
    expect(await outboxOf(db, "taskCompletions", "done-1")).toBeDefined();
    expect((await outboxOf(db, "tasks", taskId))?.fields).toHaveProperty("completedAt");

    // The second write finds no row: the first one, made before it, is undone with it.
    await expect(
      repo.together(["taskCompletions", "tasks"], async () => {
        await repo.put("taskCompletions", "done-2", { ...completion, occurrence: "2026-11-25" });
        await repo.update("tasks", "no-such-task", { completedAt });
      }),
    ).rejects.toThrow(RowNotFoundError);
    expect(await db.taskCompletions.get("done-2")).toBeUndefined();
    expect(await outboxOf(db, "taskCompletions", "done-2")).toBeUndefined();
  });

  test("an edit stamps only the fields that changed, with a later time", async () => {
    const { db, repo, clock } = await setup();
    const id = await repo.add("tasks", { title: "Water plants" });
    const before = await db.tasks.get(id);
    clock.advance(1000);
    expect(await repo.update("tasks", id, { title: "Water plants", dueDate: "2026-12-01" })).toBe(true);
    const after = await db.tasks.get(id);
    expect(after?.dueDate).toBe("2026-12-01");
    expect(after?.fieldUpdatedAt.title).toBe(before?.fieldUpdatedAt.title);
    expect(after?.fieldUpdatedAt.dueDate).toBe("2026-11-24T10:00:01.000Z");
    expect(after?.updatedAt).toBe("2026-11-24T10:00:01.000Z");
  });

  test("an edit that changes nothing is not queued again", async () => {
    const { db, repo } = await setup();
    const id = await repo.add("notes", { title: "Wifi", body: "pw" });
    await db.outbox.clear();
    expect(await repo.update("notes", id, { title: "Wifi" })).toBe(false);
    expect(await db.outbox.count()).toBe(0);
  });

  test("an edit of a synced row queues just the changed fields", async () => {
    const { db, repo } = await setup();
    const id = await repo.add("shoppingItems", { name: "Eggs" });
    await db.outbox.clear(); // as after a sync
    await repo.update("shoppingItems", id, { checked: true });
    const entry = await outboxOf(db, "shoppingItems", id);
    expect(entry?.isNew).toBe(false);
    expect(Object.keys(entry?.fields ?? {})).toEqual(["checked"]);
  });

  test("delete hides the row and undo brings it back with a newer stamp", async () => {
    const { db, repo, clock } = await setup();
    const id = await repo.add("tasks", { title: "Bins out" });
    clock.advance(10);
    await repo.remove("tasks", id);
    const deleted = await db.tasks.get(id);
    expect(deleted?.deletedAt).not.toBeNull();
    clock.advance(10);
    await repo.restore("tasks", id);
    const restored = await db.tasks.get(id);
    expect(restored?.deletedAt).toBeNull();
    expect(restored!.fieldUpdatedAt.deletedAt! > deleted!.fieldUpdatedAt.deletedAt!).toBe(true);
  });

  test("invalid values are refused and nothing is written", async () => {
    const { db, repo } = await setup();
    await expect(repo.add("tasks", {})).rejects.toBeInstanceOf(InvalidRowError);
    await expect(repo.add("tasks", { title: "x".repeat(501) })).rejects.toThrow(/tasks.title/);
    await expect(repo.add("shoppingItems", { name: "Tea", quantity: 0 })).rejects.toBeInstanceOf(InvalidRowError);
    const id = await repo.add("tasks", { title: "ok" });
    await expect(repo.update("tasks", id, { title: "" })).rejects.toBeInstanceOf(InvalidRowError);
    await expect(repo.update("tasks", "missing", { title: "a" })).rejects.toBeInstanceOf(RowNotFoundError);
    expect(await db.tasks.count()).toBe(1);
    expect((await db.tasks.get(id))?.title).toBe("ok");
  });

  test("a write that fails inside its transaction leaves neither row nor outbox entry", async () => {
    const { db, repo } = await setup();
    const id = await repo.add("tasks", { title: "Once" });
    await db.outbox.clear();
    // The same id again: the row insert fails, so the outbox must not record anything either.
    const again = createRepository(db, { hlc: await loadHlc(db), owner: () => LOCAL_OWNER, newId: () => id });
    await expect(again.add("tasks", { title: "Twice" })).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.tasks.get(id))?.title).toBe("Once");
  });

  test("the clock resumes after a reload and never stamps behind an earlier change", async () => {
    const factory = new IDBFactory();
    const name = userDbName("u1");
    const fast = manualClock(Date.parse("2030-01-01T00:00:00.000Z"));
    const db1 = openDomusDb({ name, indexedDB: factory, IDBKeyRange });
    const repo1 = createRepository(db1, { hlc: await loadHlc(db1, fast.now), owner: () => LOCAL_OWNER });
    const id = await repo1.add("tasks", { title: "Future" });
    db1.close();
    // Reopened with the wall clock set back years: the next stamp still comes after the first.
    const slow = manualClock(Date.parse("2020-01-01T00:00:00.000Z"));
    const db2 = openDomusDb({ name, indexedDB: factory, IDBKeyRange });
    const repo2 = createRepository(db2, { hlc: await loadHlc(db2, slow.now), owner: () => LOCAL_OWNER });
    await repo2.update("tasks", id, { title: "Later" });
    const row = await db2.tasks.get(id);
    expect(row!.fieldUpdatedAt.title! > "2030-01-01T00:00:00.000Z").toBe(true);
    expect(await getMeta(db2, "hlc")).toBe(row!.fieldUpdatedAt.title);
  });

  test("a preference has one row per user and key, whatever the device", async () => {
    const { db, repo } = await setup();
    const id = await repo.setPreference("theme", "dark");
    expect(id).toBe(preferenceId("u1", "theme"));
    expect(await repo.setPreference("theme", { mode: "light" })).toBe(id);
    expect(await db.preferences.count()).toBe(1);
    expect((await db.preferences.get(id))?.value).toEqual({ mode: "light" });
    expect(preferenceId("u2", "theme")).not.toBe(id);
  });
});

describe("clearing and undoing many rows", () => {
  test("a second clear pressed as soon as an Undo shows rows back acts on all of them, never some", async () => {
    const { db, repo } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await repo.add("shoppingItems", { name: `Item ${i}`, checked: true }));
    await repo.removeMany("shoppingItems", ids);
    expect(await db.shoppingItems.filter((r) => r.deletedAt === null).count()).toBe(0);

    const undo = repo.restoreMany("shoppingItems", ids);
    // "Clear checked" again as soon as the list shows any checked row back, on the rows it shows.
    const liveChecked = () => db.shoppingItems.filter((r) => r.checked && r.deletedAt === null).toArray();
    let shown = await liveChecked();
    for (let polls = 0; shown.length === 0 && polls < 10_000; polls++) shown = await liveChecked();
    await repo.removeMany(
      "shoppingItems",
      shown.map((r) => r.id),
    );
    await undo;
    expect(shown).toHaveLength(30);
    expect(await db.shoppingItems.filter((r) => r.deletedAt === null).count()).toBe(0);
    // The outbox queues every row deleted again: the clear syncs to the others as one set.
    const queued = await db.outbox.toArray();
    expect(queued.filter((e) => typeof e.fields.deletedAt?.value === "string")).toHaveLength(30);
  });

  test("an Undo restores exactly the rows its clear removed, not rows deleted before", async () => {
    const { db, repo } = await setup();
    const before = await repo.add("shoppingItems", { name: "Deleted earlier", checked: true });
    await repo.remove("shoppingItems", before);
    const a = await repo.add("shoppingItems", { name: "A", checked: true });
    const b = await repo.add("shoppingItems", { name: "B", checked: true });
    await repo.removeMany("shoppingItems", [a, b]);
    await repo.restoreMany("shoppingItems", [a, b]);
    const live = (await db.shoppingItems.filter((r) => r.deletedAt === null).toArray()).map((r) => r.name).sort();
    expect(live).toEqual(["A", "B"]);
  });
});
