import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Chunk, FIRST_CHUNK, chunkRows, rechunkRows } from "./row-chunks";

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

/** Each row's chunk key. */
const chunkOf = (chunks: readonly Chunk<string>[]) => new Map(chunks.flatMap((c) => c.rows.map((r) => [r, c.key])));

/** What every chunking must be: every row once, in order, in chunks of 1 to `max` rows with distinct keys. */
function expectWellFormed(chunks: readonly Chunk<string>[], rows: readonly string[], max = 96) {
  expect(chunks.flatMap((c) => c.rows)).toEqual(rows);
  expect(chunks.every((c) => c.rows.length > 0 && c.rows.length <= max)).toBe(true);
  expect(new Set(chunks.map((c) => c.key)).size).toBe(chunks.length);
}

describe("a shown list's rows keep their chunks as it changes", () => {
  test("removing any row, a chunk's first one too, leaves every other row in its chunk", () => {
    const rows = ids(300);
    const before = chunkRows(rows, key);
    const starts = before.slice(1).map((c) => rows.indexOf(c.rows[0]!));
    // The first row of each chunk (whose removal merged two chunks in chunkRows), and others.
    for (const at of [0, 1, ...starts, 150, 299]) {
      const left = rows.filter((_, i) => i !== at);
      const after = rechunkRows(before, left, key);
      expectWellFormed(after, left);
      const was = chunkOf(before);
      const moved = left.filter((r) => chunkOf(after).get(r) !== was.get(r));
      expect(moved, `remove at ${at}`).toEqual([]);
    }
  });

  test("a row changed in place or removed leaves the other chunks as they were, the same objects", () => {
    type Row = { id: string; checked: boolean };
    const rows: Row[] = ids(300).map((id) => ({ id, checked: false }));
    const before = rechunkRows(null, rows, (r) => r.id);
    const at = 150;
    const home = before.findIndex((c) => c.rows.includes(rows[at]!));
    // Ticked: a new object for that row, every other row the same object.
    const ticked = rows.map((r, i) => (i === at ? { ...r, checked: true } : r));
    const after = rechunkRows(before, ticked, (r) => r.id);
    expect(after.map((c) => c.key)).toEqual(before.map((c) => c.key));
    after.forEach((c, i) => (i === home ? expect(c).not.toBe(before[i]) : expect(c).toBe(before[i])));
    expect(after[home]!.rows).toContain(ticked[at]);
    // Removed: only its chunk is new, and it holds the rest of its rows.
    const left = rows.filter((_, i) => i !== at);
    const removed = rechunkRows(before, left, (r) => r.id);
    removed.forEach((c, i) =>
      i === home ? expect(c.rows).toEqual(before[i]!.rows.filter((r) => r !== rows[at])) : expect(c).toBe(before[i]),
    );
  });

  test("a row added at the top, in the middle or at the end joins a chunk; no other row moves", () => {
    const rows = ids(300);
    const before = chunkRows(rows, key);
    for (const at of [0, 1, 33, 150, 300]) {
      const grown = [...rows.slice(0, at), "added-row", ...rows.slice(at)];
      const after = rechunkRows(before, grown, key);
      expectWellFormed(after, grown);
      const was = chunkOf(before);
      expect(
        rows.filter((r) => chunkOf(after).get(r) !== was.get(r)),
        `insert at ${at}`,
      ).toEqual([]);
    }
  });

  test("a row moved elsewhere joins the chunk it lands in; its old chunk's other rows stay", () => {
    const rows = ids(200);
    const before = chunkRows(rows, key);
    const [moving] = rows.splice(40, 1);
    rows.splice(150, 0, moving!);
    const after = rechunkRows(before, rows, key);
    expectWellFormed(after, rows);
    const was = chunkOf(before);
    expect(rows.filter((r) => chunkOf(after).get(r) !== was.get(r))).toEqual([moving]);
  });

  test("many rows arriving at once are chunked as a new list would be", () => {
    const shown = ids(3, "old");
    const arrived = [...shown, ...ids(1000)];
    const chunks = rechunkRows(chunkRows(shown, key), arrived, key);
    expectWellFormed(chunks, arrived);
    // About 32 rows a chunk, as chunkRows makes them, not one chunk grown to the largest size after another.
    expect(chunks.length).toBeGreaterThan(1000 / 48);
    expect(chunks.length).toBeLessThan(1000 / 8);
  });

  test("a list that grows at its end, one row at a time, is chunked about 32 rows at a time", () => {
    let rows = ids(10, "old");
    let chunks = chunkRows(rows, key);
    for (const row of ids(1000)) {
      rows = [...rows, row];
      chunks = rechunkRows(chunks, rows, key);
    }
    expectWellFormed(chunks, rows);
    expect(chunks.length).toBeGreaterThan(1000 / 48);
    expect(chunks.length).toBeLessThan(1000 / 8);
  });

  test("a chunk that grows past the largest size is split", () => {
    let rows = ids(10);
    let chunks = rechunkRows(null, rows, key, 4, 12);
    for (let i = 0; i < 20; i++) {
      rows = [...rows.slice(0, 3), `grown-${i}`, ...rows.slice(3)];
      chunks = rechunkRows(chunks, rows, key, 4, 12);
      expectWellFormed(chunks, rows, 12);
    }
    expect(chunks.length).toBeGreaterThan(1);
  });

  test("any run of changes gives every row once, in order, in chunks of bounded size with distinct keys", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), at: fc.nat(), id: fc.string({ minLength: 1, maxLength: 6 }) }),
      fc.record({ kind: fc.constant("remove" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("move" as const), from: fc.nat(), to: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.array(op, { maxLength: 40 }), (n, ops) => {
        let rows = ids(n);
        let chunks = rechunkRows(null, rows, key, 4, 12);
        for (const o of ops) {
          rows = [...rows];
          if (o.kind === "add") {
            // Ids are unique within a list; one removed earlier may come back.
            if (!rows.includes(o.id)) rows.splice(o.at % (rows.length + 1), 0, o.id);
          } else if (rows.length > 0 && o.kind === "remove") rows.splice(o.at % rows.length, 1);
          else if (rows.length > 0 && o.kind === "move") {
            const [r] = rows.splice(o.from % rows.length, 1);
            rows.splice(o.to % (rows.length + 1), 0, r!);
          }
          chunks = rechunkRows(chunks, rows, key, 4, 12);
          expectWellFormed(chunks, rows, 12);
        }
      }),
    );
  });
});
