import { describe, expect, test } from "vitest";
import { sameRows } from "./same-data";

interface Row {
  id: string;
  updatedAt: string;
  name: string;
  tags: { a: string };
}

const row = (id: string, updatedAt = "t1", name = id): Row => ({ id, updatedAt, name, tags: { a: name } });

describe("a section's rows compared object for object", () => {
  test("the same objects in the same order are the same rows; an equal copy, a new order or a new row are not", () => {
    const [a, b] = [row("a"), row("b")];
    expect(sameRows([a, b], [a, b])).toBe(true);
    expect(sameRows([a, b], [a, row("b")])).toBe(false);
    expect(sameRows([a, b], [b, a])).toBe(false);
    expect(sameRows([a], [a, b])).toBe(false);
  });
});
