import { describe, expect, test } from "vitest";
import { FIRST_CHUNK, chunkRows } from "./row-chunks";

const ids = (n: number, prefix = "row") =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, "0")}`);
const key = (id: string) => id;
/** The chunks as key → rows, to compare two chunkings. */
const byKey = (rows: string[]) => new Map(chunkRows(rows, key).map((c) => [c.key, c.rows.join(",")]));

describe("a long list in chunks that survive changes elsewhere", () => {
  test("the chunks hold every row once, in order, about 32 at a time and never more than 96", () => {
    const rows = ids(1000);
    const chunks = chunkRows(rows, key);
    expect(chunks.flatMap((c) => c.rows)).toEqual(rows);
    expect(chunks[0]!.key).toBe(FIRST_CHUNK);
    expect(chunks.every((c) => c.rows.length > 0 && c.rows.length <= 96)).toBe(true);
    expect(chunks.length).toBeGreaterThan(1000 / 96);
    expect(chunks.length).toBeLessThan(1000 / 8);
    expect(new Set(chunks.map((c) => c.key)).size).toBe(chunks.length);
  });

  test("adding a row changes only the chunk it lands in", () => {
    const rows = ids(1000);
    const before = byKey(rows);
    for (const at of [0, 1, 317, 999]) {
      const after = byKey([...rows.slice(0, at), "new-row-abc", ...rows.slice(at)]);
      const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
      // The new row either joins a chunk, or (a boundary row itself) splits one: one or two chunks differ.
      expect(changed.length, `insert at ${at}`).toBeGreaterThanOrEqual(1);
      expect(changed.length, `insert at ${at}`).toBeLessThanOrEqual(2);
      expect(after.size - before.size).toBeLessThanOrEqual(1);
    }
  });

  test("removing a row changes only the chunk it was in (or merges it with the one before)", () => {
    const rows = ids(1000);
    const before = byKey(rows);
    for (const at of [0, 5, 500, 998]) {
      const after = byKey(rows.filter((_, i) => i !== at));
      const changed = [...after].filter(([k, v]) => before.get(k) !== v);
      expect(changed.length, `remove at ${at}`).toBe(1);
      expect(before.size - after.size).toBeLessThanOrEqual(1);
    }
  });

  test("an empty list has no chunks; a short one is one chunk", () => {
    expect(chunkRows([], key)).toEqual([]);
    expect(chunkRows(["a", "b"], key)).toEqual([{ key: FIRST_CHUNK, rows: ["a", "b"] }]);
  });
});
