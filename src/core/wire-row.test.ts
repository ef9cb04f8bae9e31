import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { SyncedRow } from "./define-table";
import { shoppingItems } from "./tables";
import { FIELD_VALUES, tableNameArb, tableOf } from "./testing/arbitraries";
import { LOWEST_STAMP, toIso } from "./time";
import { decodeWireRow, encodeWireRow, rowFromWire, withoutWriters } from "./wire-row";

const MIN_MS = Date.parse("1970-01-01T00:00:00.000Z");
const MAX_MS = Date.parse("9999-12-31T23:59:59.999Z");
const anyTs = fc.oneof(
  fc.constant(LOWEST_STAMP),
  fc.integer({ min: MIN_MS, max: MAX_MS }).map(toIso),
  fc.integer({ min: 0, max: 50 }).map((d) => toIso(Date.parse("2026-03-01T12:00:00.000Z") + d)),
);
const userIdArb = fc.constantFrom("u1", "u2", "u_3");

/** Any stored row of any table: every field valued, stamps anywhere in time, writers known or not. */
const rowArb = tableNameArb.chain((name) => {
  const table = tableOf(name);
  return fc
    .record({
      id: fc.constantFrom("a", "row-1", "Z_9"),
      userId: userIdArb,
      createdAt: anyTs,
      syncedAt: fc.option(anyTs, { nil: null }),
      values: fc.record(FIELD_VALUES[name] as Record<string, fc.Arbitrary<unknown>>),
      stamps: fc.array(fc.option(anyTs, { nil: undefined }), {
        minLength: table.mergeFields.length,
        maxLength: table.mergeFields.length,
      }),
      writers: fc.option(
        fc.array(fc.option(userIdArb, { nil: undefined }), {
          minLength: table.mergeFields.length,
          maxLength: table.mergeFields.length,
        }),
        { nil: undefined },
      ),
      extraUpdated: anyTs,
    })
    .map(({ id, userId, createdAt, syncedAt, values, stamps, writers, extraUpdated }) => {
      const fieldUpdatedAt: Record<string, string> = {};
      table.mergeFields.forEach((f, i) => {
        const ts = stamps[i];
        if (ts !== undefined) fieldUpdatedAt[f] = ts;
      });
      // updatedAt is the latest stamp as the server keeps it, but decoding must not depend on it.
      const latest = Object.values(fieldUpdatedAt).reduce((a, b) => (b > a ? b : a), extraUpdated);
      const row: SyncedRow = {
        ...values,
        id,
        householdId: "hh_1",
        userId,
        createdAt,
        updatedAt: latest,
        deletedAt: values.deletedAt as string | null,
        syncedAt,
        fieldUpdatedAt,
      };
      if (writers) {
        const fieldWriters: Record<string, string> = {};
        table.mergeFields.forEach((f, i) => {
          const by = writers[i];
          if (by !== undefined) fieldWriters[f] = by;
        });
        row.fieldWriters = fieldWriters;
      }
      return { name, row };
    });
});

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
    const row: SyncedRow = {
      id: "milk",
      householdId: "hh_1",
      userId: "u1",
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      syncedAt: at,
      name: "Oat milk",
      quantity: 2,
      unit: "l",
      category: null,
      checked: true,
      listId: null,
      fieldUpdatedAt: Object.fromEntries(shoppingItems.mergeFields.map((f) => [f, at])),
      fieldWriters: Object.fromEntries(shoppingItems.mergeFields.map((f) => [f, "u1"])),
    };
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
