import { describe, expect, test } from "vitest";
import { pastItems, recentlyBought, suggestItems } from "./shopping-history";
import { DEFAULT_LIST_ID, listOf, visibleLists } from "./shopping-lists";
import { past } from "./testing/past-item";

const at = (day: number) => `2026-02-${String(day).padStart(2, "0")}T10:00:00.000Z`;

describe("suggestions from the household's history", () => {
  const history = [
    past("Milk", { updatedAt: at(1), checked: true }),
    past("milk", { updatedAt: at(8), unit: "l", quantity: 2, category: "Dairy", checked: true }),
    past("Milk", { updatedAt: at(15), deletedAt: at(16), checked: true }),
    past("Mince", { updatedAt: at(20), checked: true }),
    past("Mint", { updatedAt: at(21) }),
    past("Mint", { updatedAt: at(2) }),
    past("Oat milk", { updatedAt: at(3), checked: true }),
  ];

  test("most frequent first, then most recent; a word of the name may match", () => {
    expect(suggestItems("mi", history, []).map((s) => s.name)).toEqual(["Milk", "Mint", "Mince", "Oat milk"]);
    const milk = suggestItems("MIL", history, [])[0];
    expect(milk).toMatchObject({ name: "Milk", times: 3, lastUsed: at(15) });
  });

  test("the latest quantity, unit and category come with a suggestion", () => {
    const latest = suggestItems(
      "mil",
      [past("milk", { updatedAt: at(9), unit: "l", quantity: 2, category: "Dairy" })],
      [],
    );
    expect(latest[0]).toMatchObject({ quantity: 2, unit: "l", category: "Dairy" });
  });

  test("items on the list now, the exact text typed and empty input suggest nothing", () => {
    expect(suggestItems("mi", history, ["MILK", "mint"]).map((s) => s.name)).toEqual(["Mince", "Oat milk"]);
    expect(suggestItems("milk", history, []).map((s) => s.name)).toEqual(["Oat milk"]);
    expect(suggestItems("  ", history, [])).toEqual([]);
    expect(suggestItems("xyz", history, [])).toEqual([]);
  });

  test("the history summed up once suggests what the rows do, for every prefix typed", () => {
    const past = pastItems(history);
    for (const typed of ["m", "mi", "MIL", "milk", "oat", "z"]) {
      expect(suggestItems(typed, past, ["mint"])).toEqual(suggestItems(typed, history, ["mint"]));
    }
  });

  test("recently bought: checked items not on the list, latest first", () => {
    expect(recentlyBought(history, []).map((s) => s.name)).toEqual(["Mince", "Milk", "Oat milk"]);
    expect(recentlyBought(history, ["mince"]).map((s) => s.name)).toEqual(["Milk", "Oat milk"]);
    expect(recentlyBought(history, [], 1)).toHaveLength(1);
  });
});

describe("lists", () => {
  const rows = [
    { id: "l2", name: "Hardware", createdAt: at(2), deletedAt: null },
    { id: "l1", name: "Pharmacy", createdAt: at(1), deletedAt: null },
    { id: "l3", name: "Gone", createdAt: at(3), deletedAt: at(4) },
  ];

  test("the default list first (renamed when it has a row), then the others by creation; deleted ones hidden", () => {
    expect(visibleLists(rows)).toEqual([
      { id: DEFAULT_LIST_ID, name: "Shopping" },
      { id: "l1", name: "Pharmacy" },
      { id: "l2", name: "Hardware" },
    ]);
    const renamed = [...rows, { id: DEFAULT_LIST_ID, name: "Groceries", createdAt: at(5), deletedAt: null }];
    expect(visibleLists(renamed)[0]).toEqual({ id: DEFAULT_LIST_ID, name: "Groceries" });
  });

  test("items without a list, or on a deleted list, are on the default list", () => {
    const lists = visibleLists(rows);
    expect(listOf({ listId: null }, lists)).toBe(DEFAULT_LIST_ID);
    expect(listOf({ listId: "l2" }, lists)).toBe("l2");
    expect(listOf({ listId: "l3" }, lists)).toBe(DEFAULT_LIST_ID);
    expect(listOf({ listId: "nope" }, lists)).toBe(DEFAULT_LIST_ID);
  });
});
