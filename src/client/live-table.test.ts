import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import type { ObservabilitySet } from "dexie";
import { Dexie, RangeSet } from "dexie";
import { describe, expect, test, vi } from "vitest";
import type { ShoppingItem } from "../core/tables";
import { loadHlc } from "./clock";
import { openDomusDb } from "./db";
import { type LiveTable, NOTIFY_AFTER_MS, changedKeys, liveRows, liveTable } from "./live-table";
import { createRepository } from "./repository";

async function setup() {
  const indexedDB = new IDBFactory();
  const name = `domus-live-${Math.random().toString(36).slice(2)}`;
  const db = openDomusDb({ name, indexedDB, IDBKeyRange });
  const repo = createRepository(db, { hlc: await loadHlc(db), owner: () => ({ userId: "u1", householdId: "h1" }) });
  return { db, repo, indexedDB, name };
}

/** Resolves with the rows at the listener's next call. */
function changed<R>(table: LiveTable<R>): Promise<readonly R[]> {
  return new Promise((resolve) => {
    const off = table.subscribe(() => {
      off();
      resolve(table.rows!);
    });
  });
}

/** The rows once the first read is done. */
async function loaded<R>(table: LiveTable<R>): Promise<readonly R[]> {
  return table.rows ?? changed(table);
}

describe("a table's rows held in memory", () => {
  test("a write reads back only its row: every other row keeps its object, and the list its order", async () => {
    const { db, repo } = await setup();
    const ids = [];
    for (const name of ["Apples", "Bread", "Cheese"]) ids.push(await repo.add("shoppingItems", { name }));
    const live = liveTable(db, "shoppingItems");
    const before = await loaded(live.table);
    expect(before.map((r) => r.id)).toEqual([...ids].sort());

    const bread = before.find((r) => r.name === "Bread")!;
    const next = changed(live.table);
    await repo.update("shoppingItems", bread.id, { checked: true });
    const after = await next;
    expect(after).not.toBe(before);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    for (const [i, row] of after.entries()) {
      if (row.id === bread.id) expect(row).toMatchObject({ name: "Bread", checked: true });
      else expect(row).toBe(before[i]);
    }
    live.release();
  });

  test("a new row takes its place in id order, a deleted or purged row changes; a write to another table changes nothing", async () => {
    const { db, repo } = await setup();
    await repo.add("shoppingItems", { name: "Apples" }, "m");
    const live = liveTable(db, "shoppingItems");
    await loaded(live.table);
    let calls = 0;
    live.table.subscribe(() => calls++);

    await repo.add("notes", { title: "Not a shopping item" });
    let next = changed(live.table);
    await repo.add("shoppingItems", { name: "Bread" }, "a");
    expect((await next).map((r) => r.id)).toEqual(["a", "m"]);
    expect(calls).toBe(1); // the note's write was not a change of this table

    // A delete keeps the row, deleted (change tracking makes it a soft delete): the lists filter it out.
    next = changed(live.table);
    await db.shoppingItems.delete("a");
    expect((await next).find((r) => r.id === "a")?.deletedAt).not.toBeNull();

    // A row gone from the store (a purge), named by its key, leaves the rows.
    await new Promise<void>((resolve, reject) => {
      const tx = db.backendDB().transaction("shoppingItems", "readwrite");
      tx.objectStore("shoppingItems").delete("a");
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    next = changed(live.table);
    Dexie.on.storagemutated.fire({ [`idb://${db.name}/shoppingItems/`]: new RangeSet().addKey("a") });
    expect((await next).map((r) => r.id)).toEqual(["m"]);

    // A row that came and one that went, told in one change: both show (a second key's removal
    // was once skipped when an earlier key had changed the order already).
    await repo.add("shoppingItems", { name: "Cheese" }, "c");
    await repo.add("shoppingItems", { name: "Dates" }, "d");
    await new Promise<void>((resolve, reject) => {
      const tx = db.backendDB().transaction("shoppingItems", "readwrite");
      tx.objectStore("shoppingItems").delete("m");
      tx.objectStore("shoppingItems").put({ ...live.table.rows!.find((r) => r.id === "c")!, id: "b" });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    await vi.waitFor(() => expect(live.table.rows!.map((r) => r.id)).toEqual(["c", "d", "m"]));
    next = changed(live.table);
    Dexie.on.storagemutated.fire({ [`idb://${db.name}/shoppingItems/`]: new RangeSet().addKey("b").addKey("m") });
    expect((await next).map((r) => r.id)).toEqual(["b", "c", "d"]);
    live.release();
  });

  test("a write by another connection to the database (another tab, the service worker) shows too", async () => {
    const { db, repo, indexedDB, name } = await setup();
    await repo.add("shoppingItems", { name: "Apples" }, "a");
    const live = liveTable(db, "shoppingItems");
    await loaded(live.table);

    const other = openDomusDb({ name, indexedDB, IDBKeyRange });
    const otherRepo = createRepository(other, {
      hlc: await loadHlc(other),
      owner: () => ({ userId: "u1", householdId: "h1" }),
    });
    const next = changed(live.table);
    await otherRepo.update("shoppingItems", "a", { name: "Green apples" });
    expect((await next).map((r) => r.name)).toEqual(["Green apples"]);
    other.close();
    live.release();
  });

  test("a page of 50 rows or more (named by a range, not keys) reads the table again, keeping unchanged rows' objects", async () => {
    const { db, repo } = await setup();
    await repo.add("shoppingItems", { name: "Kept" }, "0-kept");
    const live = liveTable(db, "shoppingItems");
    const before = await loaded(live.table);
    const kept = before[0]!;
    const page: ShoppingItem[] = Array.from({ length: 60 }, (_, i) => ({
      ...kept,
      id: `p-${String(i).padStart(2, "0")}`,
      name: `Pulled ${i}`,
    }));
    const next = changed(live.table);
    await db.shoppingItems.bulkPut(page);
    const after = await next;
    expect(after).toHaveLength(61);
    expect(after[0]).toBe(kept);
    live.release();
  });

  test("a write committed while the first read runs is in the rows after it", async () => {
    const { db, repo } = await setup();
    await repo.add("shoppingItems", { name: "Apples" }, "a");
    const live = liveTable(db, "shoppingItems");
    const write = repo.add("shoppingItems", { name: "Bread" }, "b");
    await write;
    let rows = await loaded(live.table);
    while (rows.length < 2) rows = await changed(live.table);
    expect(rows.map((r) => r.name)).toEqual(["Apples", "Bread"]);
    live.release();
  });

  test("the writes of one action reach the page as one change: a completion and its task, each its own transaction, are told together", async () => {
    const { db, repo } = await setup();
    const tasks = liveTable(db, "tasks");
    const completions = liveTable(db, "taskCompletions");
    await loaded(tasks.table);
    await loaded(completions.table);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }); // IndexedDB's own tasks stay real (setImmediate)
    try {
      const told: string[] = [];
      tasks.table.subscribe(() => told.push("tasks"));
      completions.table.subscribe(() => told.push("taskCompletions"));

      const task = await repo.add("tasks", { title: "Water the plants" });
      await repo.put("taskCompletions", "tc-1", { taskId: task, occurrence: "2026-12-01", doneOn: "2026-12-01" });
      // Both rows are read back (the rows are current at once) ...
      for (let i = 0; i < 100 && !(tasks.table.rows?.length && completions.table.rows?.length); i++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(tasks.table.rows?.map((r) => r.id)).toEqual([task]);
      expect(completions.table.rows?.map((r) => r.id)).toEqual(["tc-1"]);
      // ... and the readers are told once, together, a moment later: one render of the page.
      expect(told).toEqual([]);
      vi.advanceTimersByTime(NOTIFY_AFTER_MS);
      expect(told.sort()).toEqual(["taskCompletions", "tasks"]);
      vi.advanceTimersByTime(NOTIFY_AFTER_MS * 10);
      expect(told).toHaveLength(2);
    } finally {
      vi.useRealTimers();
      tasks.release();
      completions.release();
    }
  });

  test("readers share one copy; once the last leaves it is dropped and stops listening", async () => {
    const { db, repo } = await setup();
    await repo.add("shoppingItems", { name: "Apples" }, "a");
    const first = liveTable(db, "shoppingItems");
    const second = liveTable(db, "shoppingItems");
    expect(second.table).toBe(first.table);
    await loaded(first.table);
    first.release();
    expect(liveRows(db, "shoppingItems")).toHaveLength(1);
    second.release();
    expect(liveRows(db, "shoppingItems")).toBeUndefined();
    // A new reader starts a new copy, which sees what changed meanwhile.
    await repo.update("shoppingItems", "a", { name: "Pears" });
    const again = liveTable(db, "shoppingItems");
    expect(again.table).not.toBe(first.table);
    expect((await loaded(again.table)).map((r) => r.name)).toEqual(["Pears"]);
    again.release();
  });
});

describe("what a committed write names", () => {
  const part = "idb://d/shoppingItems/";
  test("its keys, when it names keys; everything, when it names a range or the whole database", () => {
    const keys: ObservabilitySet = { [part]: new RangeSet().addKeys(["b", "a", "c"]) };
    expect(changedKeys(keys, part)).toEqual({ all: false, keys: expect.arrayContaining(["a", "b", "c"]) as string[] });
    expect(changedKeys({ [part]: new RangeSet("a", "z") }, part)).toEqual({ all: true });
    expect(changedKeys({ all: new RangeSet(-Infinity, [[]]) }, part)).toEqual({ all: true });
    expect(changedKeys({ "idb://d/notes/": new RangeSet().addKey("a") }, part)).toBeNull();
  });

  test("the same from another tab, where the sets arrive as plain objects (structured clones)", () => {
    const cloned = structuredClone({ [part]: new RangeSet().addKeys(["a", "b"]) }) as ObservabilitySet;
    expect(changedKeys(cloned, part)).toEqual({ all: false, keys: expect.arrayContaining(["a", "b"]) as string[] });
  });
});
