import { describe, expect, test } from "vitest";
import { type Account, joinHousehold, registerAccount } from "../../../test/server-helpers";
import { at, byId, pull, push, shoppingItem, status } from "../../../test/sync-test-kit";
import type { SyncedRow } from "../../core/define-table";
import { DEFAULT_LIST_ID, listOf, visibleLists } from "../../core/shopping-lists";
import { type CategoryPlace, type PlaceWrite, categoryId, planMove, storeOrder } from "../../core/shopping-order";

// Shopping lists and the store order through the real sync endpoints (local D1): each member's
// device computes its moves from what it pulled, and after both sync every device shows one order.

async function placesOf(who: Account): Promise<CategoryPlace[]> {
  const page = await pull(who, null, { limit: 5_000 });
  return [...byId(page, "shoppingCategories").values()] as unknown as CategoryPlace[];
}

const names = (places: readonly CategoryPlace[]) => storeOrder(places, []).map((c) => c.name);

/** The rows a device pushes for a move it made, stamped `ts`. */
function placeRows(writes: readonly PlaceWrite[], ts: string) {
  return writes.map((w) => ({ id: w.id, createdAt: ts, updatedAt: ts, name: w.name, sortKey: w.sortKey }));
}

function moveOf(places: readonly CategoryPlace[], name: string, delta: -1 | 1): PlaceWrite[] {
  const order = storeOrder(places, []);
  return planMove(
    order,
    order.findIndex((c) => c.name === name),
    delta,
  );
}

describe("the store order under sync", () => {
  test.each([["a first"], ["b first"]])(
    "two members reordering at once end with one order on both devices, keeping both moves (%s)",
    async (first) => {
      const a = await registerAccount();
      const b = await joinHousehold(a);
      // A places every aisle (moving the last one up); both devices sync that.
      const setup = moveOf([], "Other", -1);
      expect(
        (await push(a, { shoppingCategories: placeRows(setup, at(0)) })).results().every((r) => r.status === "applied"),
      ).toBe(true);
      const shared = await placesOf(b);
      expect(names(shared)).toEqual(names(await placesOf(a)));

      // Offline, A moves Frozen up; B moves Bakery down (past Meat & fish).
      const fromA = placeRows(moveOf(shared, "Frozen", -1), at(10));
      const fromB = placeRows(moveOf(shared, "Bakery", 1), at(11));
      expect(fromA).toHaveLength(1);
      expect(fromB).toHaveLength(1);
      const pushes = [() => push(a, { shoppingCategories: fromA }), () => push(b, { shoppingCategories: fromB })];
      if (first === "b first") pushes.reverse();
      for (const p of pushes) expect((await p()).status).toBe(200);

      const seenByA = names(await placesOf(a));
      const seenByB = names(await placesOf(b));
      expect(seenByA).toEqual(seenByB);
      const before = names(shared);
      expect(seenByA.indexOf("Frozen")).toBe(before.indexOf("Frozen") - 1);
      expect(seenByA.indexOf("Bakery")).toBeGreaterThan(seenByA.indexOf("Meat & fish"));
    },
  );

  test("both moving the same aisle write one row: the later move wins on every device", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingCategories: placeRows(moveOf([], "Other", -1), at(0)) });
    const shared = await placesOf(a);
    const up = placeRows(moveOf(shared, "Dairy", -1), at(20));
    const down = placeRows(moveOf(shared, "Dairy", 1), at(21));
    await push(b, { shoppingCategories: down });
    await push(a, { shoppingCategories: up }); // older stamp: loses, though it arrives last
    const final = await placesOf(b);
    expect(final.filter((p) => p.id === categoryId("Dairy"))).toHaveLength(1);
    expect(names(final)).toEqual(names(await placesOf(a)));
    expect(names(final).indexOf("Dairy")).toBe(names(shared).indexOf("Dairy") + 1);
  });
});

describe("shopping lists under sync", () => {
  test("a list and its items reach the other member; an item added to a list deleted meanwhile is kept on the default list", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingLists: [{ id: "hardware", createdAt: at(0), updatedAt: at(0), name: "Hardware" }] });
    await push(a, { shoppingItems: [shoppingItem("screws", at(1), { name: "Screws", listId: "hardware" })] });
    let page = await pull(b, null, { limit: 5_000 });
    let lists = visibleLists([...byId(page, "shoppingLists").values()] as never);
    expect(lists.map((l) => l.name)).toEqual(["Shopping", "Hardware"]);
    expect(listOf(byId(page, "shoppingItems").get("screws") as never, lists)).toBe("hardware");

    // B adds to Hardware offline while A deletes the list: the item is not lost, it shows on the default list.
    await push(a, { shoppingLists: [{ id: "hardware", updatedAt: at(5), deletedAt: at(5) }] });
    await push(b, { shoppingItems: [shoppingItem("glue", at(4), { name: "Glue", listId: "hardware" })] });
    page = await pull(a, null, { limit: 5_000 });
    lists = visibleLists([...byId(page, "shoppingLists").values()] as never);
    expect(lists.map((l) => l.id)).toEqual([DEFAULT_LIST_ID]);
    expect(listOf(byId(page, "shoppingItems").get("glue") as never, lists)).toBe(DEFAULT_LIST_ID);
  });

  test("lists and places count toward the household's row and byte quota, and deletes make room", async () => {
    const env = { HOUSEHOLD_MAX_ROWS: "3" };
    const a = await registerAccount();
    const list = (id: string, name: string) => ({ id, createdAt: at(0), updatedAt: at(0), name });
    const res = await push(a, { shoppingLists: [list("l1", "One"), list("l2", "Two")] }, { env });
    expect(res.results().map((r) => r.status)).toEqual(["applied", "applied"]);
    const before = (await status(a)).usage;
    expect(before.rows).toBe(2);
    const places = await push(
      a,
      {
        shoppingCategories: [
          { id: categoryId("Dairy"), createdAt: at(1), updatedAt: at(1), name: "Dairy", sortKey: "V" },
          { id: categoryId("Bakery"), createdAt: at(1), updatedAt: at(1), name: "Bakery", sortKey: "a" },
        ],
      },
      { env },
    );
    expect(places.results().map((r) => r.status)).toEqual(["applied", "rejected"]);
    expect(places.results()[1]).toMatchObject({ code: "quota_exceeded" });
    const after = (await status(a)).usage;
    expect(after.rows).toBe(3);
    expect(after.bytes).toBeGreaterThan(before.bytes);
    // A longer name costs more bytes; deleting a list frees its row at once.
    const renamed = await push(
      a,
      { shoppingLists: [{ id: "l1", updatedAt: at(2), name: "A much longer name" }] },
      { env },
    );
    expect(renamed.results()[0]?.status).toBe("applied");
    expect((await status(a)).usage.bytes).toBe(after.bytes + "A much longer name".length - "One".length);
    await push(a, { shoppingLists: [{ id: "l2", updatedAt: at(3), deletedAt: at(3) }] }, { env });
    expect((await status(a)).usage.rows).toBe(2);
  });

  test("another household neither sees nor changes a household's lists and store order, even with the same ids", async () => {
    const a = await registerAccount();
    const stranger = await registerAccount();
    const dairy = categoryId("Dairy");
    await push(a, {
      shoppingLists: [{ id: "hardware", createdAt: at(0), updatedAt: at(0), name: "Hardware" }],
      shoppingCategories: [{ id: dairy, createdAt: at(0), updatedAt: at(0), name: "Dairy", sortKey: "V" }],
    });
    const theirs = await push(stranger, {
      shoppingLists: [{ id: "hardware", createdAt: at(1), updatedAt: at(9), name: "Mine now" }],
      shoppingCategories: [{ id: dairy, createdAt: at(1), updatedAt: at(9), name: "Dairy", sortKey: "0V" }],
    });
    expect(theirs.status).toBe(200);
    const page = await pull(a, null, { limit: 5_000 });
    expect((byId(page, "shoppingLists").get("hardware") as SyncedRow).name).toBe("Hardware");
    expect((byId(page, "shoppingCategories").get(dairy) as SyncedRow).sortKey).toBe("V");
    const strangerPage = await pull(stranger, null, { limit: 5_000 });
    expect((byId(strangerPage, "shoppingLists").get("hardware") as SyncedRow).name).toBe("Mine now");
    expect(strangerPage.changes.shoppingLists).toHaveLength(1);
  });
});
