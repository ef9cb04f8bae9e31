import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { PushedRow } from "./define-table";
import { type RowChange, changeFromPushed, changeFromRow, mergeRow, rowFromChange } from "./merge-rows";
import { type TableName, shoppingItems, tasks } from "./tables";
import { FIELD_VALUES, fieldChangesArb, tableNameArb, tableOf } from "./testing/arbitraries";
import { OWNER, seedRow } from "./testing/replica";

const at = (s: number) => `2026-03-01T12:00:${String(s).padStart(2, "0")}.000Z`;
const edit = (id: string, ts: string, values: Record<string, unknown>): RowChange => ({
  id,
  fields: Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, ts }])),
});

describe("per-field last-write-wins, by example", () => {
  const milk = () =>
    rowFromChange(shoppingItems, edit("milk", at(0), { name: "Milk", quantity: 1, checked: false }), OWNER);

  test("the later write to a field wins, in either arrival order", () => {
    const a = edit("milk", at(5), { quantity: 2 });
    const b = edit("milk", at(9), { quantity: 3 });
    expect(mergeRow(shoppingItems, mergeRow(shoppingItems, milk(), a).row, b).row.quantity).toBe(3);
    expect(mergeRow(shoppingItems, mergeRow(shoppingItems, milk(), b).row, a).row.quantity).toBe(3);
  });

  test("two people editing different fields of one item both keep their edit", () => {
    const row = mergeRow(shoppingItems, milk(), edit("milk", at(5), { quantity: 6 })).row;
    const both = mergeRow(shoppingItems, row, edit("milk", at(4), { checked: true })).row;
    expect(both).toMatchObject({ quantity: 6, checked: true, updatedAt: at(5) });
  });

  test("a delete is not undone by an older edit, nor by a newer edit of another field", () => {
    const deleted = mergeRow(shoppingItems, milk(), edit("milk", at(5), { deletedAt: at(5) })).row;
    expect(mergeRow(shoppingItems, deleted, edit("milk", at(3), { deletedAt: null })).row.deletedAt).toBe(at(5));
    const renamed = mergeRow(shoppingItems, deleted, edit("milk", at(8), { name: "Oat milk" })).row;
    expect(renamed).toMatchObject({ deletedAt: at(5), name: "Oat milk" });
  });

  test("an explicit newer undelete brings the row back", () => {
    const deleted = mergeRow(shoppingItems, milk(), edit("milk", at(5), { deletedAt: at(5) })).row;
    expect(mergeRow(shoppingItems, deleted, edit("milk", at(6), { deletedAt: null })).row.deletedAt).toBeNull();
  });

  test("on equal timestamps the delete wins, and so does the greater value, in any order", () => {
    const del = edit("milk", at(5), { deletedAt: at(5), name: "Bread" });
    const keep = edit("milk", at(5), { deletedAt: null, name: "Apples" });
    for (const [x, y] of [
      [del, keep],
      [keep, del],
    ] as const) {
      const row = mergeRow(shoppingItems, mergeRow(shoppingItems, milk(), x).row, y).row;
      expect(row).toMatchObject({ deletedAt: at(5), name: "Bread" });
    }
  });

  test("a value that loses to a newer different value is reported lost; a newer equal value is not", () => {
    const row = mergeRow(shoppingItems, milk(), edit("milk", at(5), { quantity: 4, checked: true })).row;
    const result = mergeRow(shoppingItems, row, edit("milk", at(3), { quantity: 9, checked: true }));
    expect(result).toMatchObject({ changed: false, lost: ["quantity"], won: [] });
  });

  test("a field without its own timestamp takes the row's updatedAt", () => {
    const pushed: PushedRow = {
      id: "t",
      updatedAt: at(9),
      fieldUpdatedAt: { title: at(2) },
      values: { title: "Bins", notes: "Tuesday" },
    };
    expect(changeFromPushed(pushed).fields).toEqual({
      title: { value: "Bins", ts: at(2) },
      notes: { value: "Tuesday", ts: at(9) },
    });
  });

  test("unknown or inherited field names in a change are ignored, never merged", () => {
    const row = seedRow(tasks, "t");
    const change: RowChange = { id: "t", fields: JSON.parse(`{"constructor":{"value":1,"ts":"${at(9)}"}}`) };
    const result = mergeRow(tasks, row, change);
    expect(result.changed).toBe(false);
    expect(result.row).toEqual(row);
  });
});

const pairArb = tableNameArb.chain((name) =>
  fc.record({
    name: fc.constant(name),
    start: fieldChangesArb(name, { minFields: Object.keys(FIELD_VALUES[name]).length }),
    a: fieldChangesArb(name),
    b: fieldChangesArb(name),
  }),
);

describe("merge algebra", () => {
  const startRow = (name: TableName, fields: RowChange["fields"]) =>
    rowFromChange(tableOf(name), { id: "x", fields }, OWNER);

  test("merging two changes gives the same row in either order (commutative)", () => {
    fc.assert(
      fc.property(pairArb, ({ name, start, a, b }) => {
        const table = tableOf(name);
        const row = startRow(name, start);
        const ab = mergeRow(table, mergeRow(table, row, { id: "x", fields: a }).row, { id: "x", fields: b }).row;
        const ba = mergeRow(table, mergeRow(table, row, { id: "x", fields: b }).row, { id: "x", fields: a }).row;
        expect(ab).toEqual(ba);
      }),
      { numRuns: 300 },
    );
  });

  test("merging a change again changes nothing (idempotent), and neither does merging a row into itself", () => {
    fc.assert(
      fc.property(pairArb, ({ name, start, a }) => {
        const table = tableOf(name);
        const once = mergeRow(table, startRow(name, start), { id: "x", fields: a }).row;
        const twice = mergeRow(table, once, { id: "x", fields: a });
        expect(twice.changed).toBe(false);
        expect(twice.row).toEqual(once);
        expect(mergeRow(table, once, changeFromRow(table, once)).row).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  test("a merge reports a change exactly when the row differs, and lost exactly the values it dropped", () => {
    fc.assert(
      fc.property(pairArb, ({ name, start, a }) => {
        const table = tableOf(name);
        const before = startRow(name, start);
        const result = mergeRow(table, before, { id: "x", fields: a });
        expect(result.changed).toBe(JSON.stringify(result.row) !== JSON.stringify(before));
        for (const [f, stamped] of Object.entries(a)) {
          const dropped = !result.won.includes(f) && JSON.stringify(result.row[f]) !== JSON.stringify(stamped.value);
          expect(result.lost.includes(f)).toBe(dropped);
        }
      }),
      { numRuns: 200 },
    );
  });
});
