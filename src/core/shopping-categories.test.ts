import { describe, expect, test } from "vitest";
import { builtInCategory, guessCategory, normalizeItemName } from "./shopping-categories";
import { past } from "./testing/past-item";

describe("category guessing", () => {
  test("common items land in their aisle, plurals and case included", () => {
    expect(builtInCategory("Bananas")).toBe("Produce");
    expect(builtInCategory("cherry tomatoes")).toBe("Produce");
    expect(builtInCategory("Oat milk")).toBe("Dairy");
    expect(builtInCategory("sourdough bread")).toBe("Bakery");
    expect(builtInCategory("Salmon fillets")).toBe("Meat & fish");
    expect(builtInCategory("Toilet paper")).toBe("Household");
    expect(builtInCategory("toothpaste")).toBe("Personal care");
    expect(builtInCategory("Sparkling water")).toBe("Drinks");
    expect(builtInCategory("strawberries")).toBe("Produce");
  });

  test("a phrase beats a word inside it", () => {
    expect(builtInCategory("Vanilla ice cream")).toBe("Frozen");
    expect(builtInCategory("Peanut butter")).toBe("Pantry");
    expect(builtInCategory("butter")).toBe("Dairy");
  });

  test("an unknown name has no built-in guess", () => {
    expect(builtInCategory("Picture hooks")).toBeNull();
    expect(guessCategory("Picture hooks", [])).toBeNull();
    expect(guessCategory("   ", [past("x", { category: "Dairy" })])).toBeNull();
  });

  test("the household's own filing of the same name wins over the built-in map, latest filing first", () => {
    const history = [
      past("oat milk", { category: "Vegan", updatedAt: "2026-01-02T00:00:00.000Z" }),
      past("Oat  Milk", {
        category: "Drinks",
        updatedAt: "2026-01-05T00:00:00.000Z",
        deletedAt: "2026-01-06T00:00:00.000Z",
      }),
      past("Oat milk", { category: null, updatedAt: "2026-01-09T00:00:00.000Z" }),
      past("Soy milk", { category: "Vegan", updatedAt: "2026-01-10T00:00:00.000Z" }),
    ];
    expect(guessCategory("OAT MILK", history)).toBe("Drinks");
    expect(guessCategory("Picture hooks", [past("picture hooks", { category: "Hardware" })])).toBe("Hardware");
    // A different name does not borrow another item's category.
    expect(guessCategory("Rice milk", history)).toBe("Dairy");
  });

  test("names are compared without case, spacing or composition differences", () => {
    expect(normalizeItemName("  Crème  Fraîche ")).toBe(normalizeItemName("cre\u0300me frai\u0302che"));
  });
});
