import { describe, expect, test } from "vitest";
import { reuseRows, sameRows } from "./stable-rows";

interface Row {
  id: string;
  updatedAt: string;
  name: string;
  tags: { a: string };
}

const row = (id: string, updatedAt = "t1", name = id): Row => ({ id, updatedAt, name, tags: { a: name } });

describe("rows re-read by a live query keep the objects of the rows that did not change", () => {
  test("an unchanged row is the previous object; a changed or new row is the re-read one", () => {
    const prev = [row("a"), row("b"), row("c")];
    const next = [row("a"), row("b", "t2", "renamed"), row("c"), row("d")];
    const out = reuseRows(prev, next);
    expect(out).toEqual(next);
    expect(out[0]).toBe(prev[0]);
    expect(out[1]).toBe(next[1]);
    expect(out[2]).toBe(prev[2]);
    expect(out[3]).toBe(next[3]);
  });

  test("a re-read with nothing changed is the previous array itself, so nothing derived from it is recomputed", () => {
    const prev = [row("a"), row("b")];
    expect(reuseRows(prev, [row("a"), row("b")])).toBe(prev);
  });

  test("a change nested in a row's data, a removed row and a new order each make a new array", () => {
    const prev = [row("a"), row("b")];
    const nested = [row("a"), { ...row("b"), tags: { a: "other" } }];
    expect(reuseRows(prev, nested)[1]).toBe(nested[1]);
    const removed = reuseRows(prev, [row("a")]);
    expect(removed).toEqual([row("a")]);
    expect(removed[0]).toBe(prev[0]);
    const reordered = reuseRows(prev, [row("b"), row("a")]);
    expect(reordered).not.toBe(prev);
    expect(reordered[0]).toBe(prev[1]);
  });

  test("the first result is taken as it is", () => {
    const next = [row("a")];
    expect(reuseRows(undefined, next)).toBe(next);
    expect(reuseRows([], next)).toBe(next);
  });
});

describe("a section's rows compared object for object", () => {
  test("the same objects in the same order are the same rows; an equal copy, a new order or a new row are not", () => {
    const [a, b] = [row("a"), row("b")];
    expect(sameRows([a, b], [a, b])).toBe(true);
    expect(sameRows([a, b], [a, row("b")])).toBe(false);
    expect(sameRows([a, b], [b, a])).toBe(false);
    expect(sameRows([a], [a, b])).toBe(false);
  });
});
