import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { BUILT_IN_CATEGORIES } from "./shopping-categories";
import { type CategoryPlace, type PlaceWrite, categoryId, planMove, storeOrder } from "./shopping-order";

const names = (places: readonly CategoryPlace[], extra: string[] = []) => storeOrder(places, extra).map((c) => c.name);

/** Applies writes as the merge would: the newest write of a row wins (later in the array = newer). */
function apply(places: CategoryPlace[], writes: readonly PlaceWrite[]): CategoryPlace[] {
  const byId = new Map(places.map((p) => [p.id, p]));
  for (const w of writes) byId.set(w.id, { ...w, deletedAt: null });
  return [...byId.values()];
}

function move(places: CategoryPlace[], name: string, delta: -1 | 1, extra: string[] = []): CategoryPlace[] {
  const order = storeOrder(places, extra);
  return apply(
    places,
    planMove(
      order,
      order.findIndex((c) => c.name === name),
      delta,
    ),
  );
}

describe("store order", () => {
  test("with nothing placed: the built-in walk, the household's own names before Other", () => {
    expect(names([], ["Garden", "dairy", "Baby"])).toEqual([
      ...BUILT_IN_CATEGORIES.filter((c) => c !== "Other"),
      "Baby",
      "Garden",
      "Other",
    ]);
  });

  test("a move up or down changes only what it must, and the list follows", () => {
    let places: CategoryPlace[] = [];
    places = move(places, "Dairy", -1);
    expect(names(places).slice(0, 4)).toEqual(["Produce", "Bakery", "Dairy", "Meat & fish"]);
    places = move(places, "Dairy", -1);
    places = move(places, "Dairy", -1);
    expect(names(places)[0]).toBe("Dairy");
    const before = new Map(places.map((p) => [p.id, p.sortKey]));
    const writes = planMove(storeOrder(places, []), 1, 1);
    expect(writes).toHaveLength(1); // a placed heading moving among placed ones rewrites itself only
    places = apply(places, writes);
    expect(names(places).slice(0, 4)).toEqual(["Dairy", "Bakery", "Produce", "Meat & fish"]);
    expect(places.filter((p) => p.sortKey !== before.get(p.id)).map((p) => p.name)).toEqual(["Produce"]);
  });

  test("moving past either end does nothing", () => {
    const order = storeOrder([], []);
    expect(planMove(order, 0, -1)).toEqual([]);
    expect(planMove(order, order.length - 1, 1)).toEqual([]);
  });

  test("one heading per name whatever its case; ids are derived from the name", () => {
    expect(categoryId("Dairy")).toBe(categoryId(" dairy "));
    expect(categoryId("Dairy")).not.toBe(categoryId("Bakery"));
    expect(categoryId("Dairy")).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const places = [{ id: categoryId("Dairy"), name: "dairy", sortKey: "V", deletedAt: null }];
    expect(names(places, ["DAIRY"]).filter((n) => n.toLowerCase() === "dairy")).toEqual(["dairy"]);
  });

  test("concurrent moves on two devices merge to one order on both, keeping both moves when they differ", () => {
    // Both start from the same placed order; A moves Frozen up to the top, B moves Bakery to the bottom.
    let shared: CategoryPlace[] = [];
    shared = move(shared, "Other", -1); // places everything
    const a = move(move(shared, "Frozen", -1), "Frozen", -1);
    const b = move(shared, "Bakery", 1);
    const writesA = a.filter((p) => p.sortKey !== shared.find((s) => s.id === p.id)?.sortKey);
    const writesB = b.filter((p) => p.sortKey !== shared.find((s) => s.id === p.id)?.sortKey);
    const ab = apply(apply(shared, writesA), writesB);
    const ba = apply(apply(shared, writesB), writesA);
    expect(names(ab)).toEqual(names(ba));
    // A put Frozen before Meat & fish; B put Bakery after it: both hold in the merged order.
    const merged = names(ab);
    expect(merged.indexOf("Frozen")).toBeLessThan(merged.indexOf("Meat & fish"));
    expect(merged.indexOf("Bakery")).toBeGreaterThan(merged.indexOf("Meat & fish"));
    expect(merged.indexOf("Frozen")).toBeLessThan(names(shared).indexOf("Frozen"));
  });

  test("any sequence of moves keeps every heading exactly once, and ties from merges still sort alike", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), up: fc.boolean() }), { maxLength: 40 }),
        fc.boolean(),
        (moves, reversed) => {
          let places: CategoryPlace[] = [];
          for (const m of moves) {
            const order = storeOrder(places, ["Garden"]);
            places = apply(places, planMove(order, m.at % order.length, m.up ? -1 : 1));
          }
          // Two rows tied on one key (two devices chose the same gap): the id decides, in any input order.
          const tied = places.map((p, i) => (i < 2 ? { ...p, sortKey: "k" } : p));
          const shown = names(reversed ? [...tied].reverse() : tied, ["Garden"]);
          expect(shown).toEqual(names(tied, ["Garden"]));
          expect(new Set(shown).size).toBe(BUILT_IN_CATEGORIES.length + 1);
          for (const p of places) expect(p.sortKey.length).toBeLessThanOrEqual(40);
        },
      ),
    );
  });
});
