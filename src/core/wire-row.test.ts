import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { SyncedRow } from "./define-table";
import { shoppingItems } from "./tables";
import { tableOf } from "./testing/arbitraries";
import { oatMilk } from "./testing/oat-milk";
import { syncedRowArb as rowArb } from "./testing/row-arbitrary";
import { LOWEST_STAMP } from "./time";
import { decodeWireRow, encodeWireRow, rowFromWire, withoutWriters } from "./wire-row";

describe("compact wire rows (protocol 3)", () => {
  test("decode(encode(row)) is the row, for every table, stamp and writer", () => {
    fc.assert(
      fc.property(rowArb, ({ name, row }) => {
        const table = tableOf(name);
        const wire = JSON.parse(JSON.stringify(encodeWireRow(table, row))) as ReturnType<typeof encodeWireRow>;
        const back = decodeWireRow(table, wire, row.householdId);
        // An empty writers record and none at all say the same: no field has a known writer.
        const expected =
          row.fieldWriters && Object.keys(row.fieldWriters).length === 0 ? { ...row, fieldWriters: undefined } : row;
        expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(expected)));
      }),
      { numRuns: 1_000 },
    );
  });

  test("a row carries no field-name keyed stamps, and the common case is a few bytes", () => {
    const at = "2026-11-24T21:15:02.410Z";
    const row = oatMilk(at, true);
    row.fieldUpdatedAt.checked = "2026-11-24T21:15:00.000Z";
    row.fieldWriters!.checked = "u2";
    const wire = encodeWireRow(shoppingItems, row);
    expect(wire).not.toHaveProperty("fieldUpdatedAt");
    expect(wire).not.toHaveProperty("householdId");
    // In the table's field order (name, quantity, unit, category, checked, …, deletedAt).
    expect(wire.stamps).toEqual(shoppingItems.mergeFields.map((f) => (f === "checked" ? 2_410 : 0)));
    expect(wire.writers).toEqual(shoppingItems.mergeFields.map((f) => (f === "checked" ? "u2" : 0)));
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(withoutWriters(row)).length * 0.7);
  });

  test("a row from a server of an older protocol passes through as it is", () => {
    const row = { id: "x", fieldUpdatedAt: {}, updatedAt: LOWEST_STAMP } as unknown as SyncedRow;
    expect(rowFromWire(shoppingItems, row, "hh")).toBe(row);
  });
});
