import { describe, expect, test } from "vitest";
import { registerAccount, joinHousehold } from "../../../test/server-helpers";
import { at, fetchRow, pull, push, shoppingItem, status, task } from "../../../test/sync-test-kit";

describe("last write wins, per field", () => {
  test("the later edit wins whichever arrives first", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingItems: [shoppingItem("early", at(0)), shoppingItem("late", at(0))] });
    // early: the newer edit arrives first; late: the newer edit arrives last.
    await push(b, { shoppingItems: [{ id: "early", updatedAt: at(20), quantity: 3 }] });
    const older = await push(a, { shoppingItems: [{ id: "early", updatedAt: at(10), quantity: 2 }] });
    await push(a, { shoppingItems: [{ id: "late", updatedAt: at(10), quantity: 2 }] });
    await push(b, { shoppingItems: [{ id: "late", updatedAt: at(20), quantity: 3 }] });
    expect((await fetchRow(a, "shoppingItems", "early"))?.quantity).toBe(3);
    expect((await fetchRow(b, "shoppingItems", "late"))?.quantity).toBe(3);
    expect(older.results()[0]).toMatchObject({ status: "stale", row: { quantity: 3 } });
  });

  test("two members editing different fields of one item both keep their edit", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingItems: [shoppingItem("eggs", at(0), { name: "Eggs" })] });
    await push(a, { shoppingItems: [{ id: "eggs", updatedAt: at(10), quantity: 12 }] });
    const other = await push(b, { shoppingItems: [{ id: "eggs", updatedAt: at(5), checked: true }] });
    expect(other.results()[0]?.status).toBe("applied");
    expect(await fetchRow(b, "shoppingItems", "eggs")).toMatchObject({
      name: "Eggs",
      quantity: 12,
      checked: true,
      updatedAt: at(10),
      fieldUpdatedAt: { quantity: at(10), checked: at(5), name: at(0) },
    });
  });

  test("per-field timestamps in one row are honoured separately", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("jam", at(0))] });
    await push(a, { shoppingItems: [{ id: "jam", updatedAt: at(10), name: "Jam", unit: "jar" }] });
    const mixed = { id: "jam", updatedAt: at(20), name: "Old", unit: "pot", fieldUpdatedAt: { name: at(5) } };
    const res = await push(a, { shoppingItems: [mixed] });
    expect(res.results()[0]?.status).toBe("applied");
    expect(await fetchRow(a, "shoppingItems", "jam")).toMatchObject({ name: "Jam", unit: "pot" });
  });
});

describe("deletes", () => {
  async function deletedItem() {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("bread", at(0))] });
    await push(a, { shoppingItems: [{ id: "bread", updatedAt: at(10), deletedAt: at(10) }] });
    return a;
  }

  test("a delete is not undone by an older edit, even one carrying deletedAt: null", async () => {
    const a = await deletedItem();
    const late = await push(a, { shoppingItems: [shoppingItem("bread", at(5), { quantity: 4 })] });
    expect(late.results()[0]?.status).toBe("applied");
    // The edit itself lands (it is newer than the quantity it replaces), but the row stays deleted.
    expect(await fetchRow(a, "shoppingItems", "bread")).toMatchObject({ deletedAt: at(10), quantity: 4 });
    const onlyUndelete = await push(a, { shoppingItems: [{ id: "bread", updatedAt: at(9), deletedAt: null }] });
    expect(onlyUndelete.results()[0]?.status).toBe("stale");
  });

  test("a newer edit of another field does not bring a deleted row back", async () => {
    const a = await deletedItem();
    await push(a, { shoppingItems: [{ id: "bread", updatedAt: at(20), checked: true }] });
    expect(await fetchRow(a, "shoppingItems", "bread")).toMatchObject({ deletedAt: at(10), checked: true });
  });

  test("an explicit newer undelete brings it back", async () => {
    const a = await deletedItem();
    await push(a, { shoppingItems: [{ id: "bread", updatedAt: at(20), deletedAt: null }] });
    expect((await fetchRow(a, "shoppingItems", "bread"))?.deletedAt).toBeNull();
  });

  test("a deleted row is still pulled, as a tombstone", async () => {
    const a = await deletedItem();
    const page = await pull(a, null);
    expect(page.changes.shoppingItems).toMatchObject([{ id: "bread", deletedAt: at(10) }]);
  });
});

describe("replays", () => {
  test("replaying a push changes nothing and gives others nothing new to pull", async () => {
    const a = await registerAccount();
    const changes = { tasks: [task("bins", at(0))], shoppingItems: [shoppingItem("milk", at(1))] };
    await push(a, changes);
    const first = await pull(a, null);
    const replay = await push(a, changes);
    expect(replay.results("tasks")[0]?.status).toBe("applied");
    const after = await pull(a, first.cursor);
    expect(after).toMatchObject({ cursor: first.cursor, hasMore: false, remaining: 0 });
    expect(Object.values(after.changes).flat()).toEqual([]);
    expect(await fetchRow(a, "tasks", "bins")).toEqual(first.changes.tasks?.[0]);
  });
});

describe("new rows", () => {
  test("a partial row for an id the server does not have is rejected; the complete row is accepted", async () => {
    const a = await registerAccount();
    const partial = await push(a, { tasks: [{ id: "new", updatedAt: at(0), title: "Hoover" }] });
    expect(partial.results()[0]).toMatchObject({ id: "new", status: "rejected" });
    expect(partial.results()[0]?.reason).toMatch(/complete/);
    const complete = await push(a, { tasks: [task("new", at(0), { title: "Hoover" })] });
    expect(complete.results()[0]?.status).toBe("applied");
    expect(await fetchRow(a, "tasks", "new")).toMatchObject({ title: "Hoover", notes: null, completedAt: null });
  });

  test("a partial edit of a task that leaves out its required title is applied (not a crash)", async () => {
    const a = await registerAccount();
    await push(a, { tasks: [task("t", at(0))] });
    const res = await push(a, { tasks: [{ id: "t", updatedAt: at(5), completedAt: at(5) }] });
    expect(res.status).toBe(200);
    expect(await fetchRow(a, "tasks", "t")).toMatchObject({ title: "Take the bins out", completedAt: at(5) });
  });

  test("missing optional fields of a new row take their defaults", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [{ id: "salt", createdAt: at(0), updatedAt: at(0), name: "Salt" }] });
    expect(await fetchRow(a, "shoppingItems", "salt")).toMatchObject({
      quantity: 1,
      checked: false,
      unit: null,
      deletedAt: null,
    });
  });
});

describe("conflicts and stale results", () => {
  test("a value that loses to a newer different value counts as a conflict for the pusher and table", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingItems: [shoppingItem("rice", at(0))] });
    await push(a, { shoppingItems: [{ id: "rice", updatedAt: at(10), quantity: 5, checked: true }] });
    // b's quantity loses to a different value (a conflict); its checked loses to the same value (not).
    const res = await push(b, { shoppingItems: [{ id: "rice", updatedAt: at(5), quantity: 2, checked: true }] });
    expect(res.results()[0]).toMatchObject({ status: "stale", row: { id: "rice", quantity: 5 } });
    expect((await status(b)).tables.shoppingItems?.conflictCount).toBe(1);
    expect((await status(a)).tables.shoppingItems?.conflictCount).toBe(0);
    await push(b, { shoppingItems: [{ id: "rice", updatedAt: at(6), quantity: 3, unit: "kg" }] });
    const after = await status(b);
    expect(after.tables.shoppingItems?.conflictCount).toBe(2);
    expect(after.tables.tasks?.conflictCount).toBe(0);
  });

  test("a row that kept some of its fields is applied, not stale", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("tea", at(0))] });
    await push(a, { shoppingItems: [{ id: "tea", updatedAt: at(10), quantity: 5 }] });
    const res = await push(a, { shoppingItems: [{ id: "tea", updatedAt: at(5), quantity: 2, unit: "box" }] });
    expect(res.results()[0]).toEqual({ id: "tea", status: "applied" });
  });
});

describe("clock skew", () => {
  const now = Date.parse("2026-05-01T12:00:00.000Z");
  const overrides = { now: () => now };

  test("a timestamp beyond the allowed skew is clamped to server time and the client is told", async () => {
    const a = await registerAccount();
    const future = "2099-01-01T00:00:00.000Z";
    const res = await push(a, { tasks: [task("t", future)] }, { overrides });
    const serverNow = new Date(now).toISOString();
    expect(res.results()[0]).toMatchObject({ status: "applied", row: { updatedAt: serverNow, createdAt: serverNow } });
    // A normal edit a minute later now beats the device whose clock said 2099.
    const later = new Date(now + 60_000).toISOString();
    await push(
      a,
      { tasks: [{ id: "t", updatedAt: later, title: "Fixed" }] },
      { overrides: { now: () => now + 60_000 } },
    );
    expect(await fetchRow(a, "tasks", "t")).toMatchObject({ title: "Fixed", updatedAt: later });
  });

  test("a timestamp within the allowed skew (10 minutes) is kept as sent", async () => {
    const a = await registerAccount();
    const ahead = new Date(now + 9 * 60_000).toISOString();
    const res = await push(a, { tasks: [task("t", ahead)] }, { overrides });
    expect(res.results()[0]).toEqual({ id: "t", status: "applied" });
    expect((await fetchRow(a, "tasks", "t"))?.updatedAt).toBe(ahead);
  });

  test("the skew allowance comes from MAX_CLOCK_SKEW", async () => {
    const a = await registerAccount();
    const ahead = new Date(now + 2 * 60_000).toISOString();
    await push(a, { tasks: [task("t", ahead)] }, { overrides, env: { MAX_CLOCK_SKEW: "1m" } });
    expect((await fetchRow(a, "tasks", "t"))?.updatedAt).toBe(new Date(now).toISOString());
  });
});

describe("defaults", () => {
  test("a default never beats an explicit value, whichever arrives first", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    // A creation that leaves `quantity` and `checked` out (they have defaults), stamped at 10.
    const bare = (id: string) => ({ id, createdAt: at(10), updatedAt: at(10), name: "Flour" });
    // Default first, explicit (older stamp) second.
    await push(a, { shoppingItems: [bare("first")] });
    await push(b, { shoppingItems: [shoppingItem("first", at(5), { name: "Flour", quantity: 5, checked: true })] });
    // Explicit first, default second.
    await push(b, { shoppingItems: [shoppingItem("second", at(5), { name: "Flour", quantity: 5, checked: true })] });
    await push(a, { shoppingItems: [bare("second")] });
    for (const id of ["first", "second"]) {
      expect(await fetchRow(a, "shoppingItems", id)).toMatchObject({ quantity: 5, checked: true, updatedAt: at(10) });
    }
  });
});
