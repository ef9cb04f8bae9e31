import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { SyncedRow } from "./define-table";
import { fromStoredRow, storedFromWire, toStoredRow } from "./stored-row";
import { shoppingItems } from "./tables";
import { tableOf } from "./testing/arbitraries";
import { oatMilk } from "./testing/oat-milk";
import { syncedRowArb } from "./testing/row-arbitrary";
import { decodeWireRow, encodeWireRow, withoutWriters } from "./wire-row";

/** What IndexedDB keeps of a value: a structured clone (JSON is close enough for these rows). */
const cloned = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("rows as a device stores them", () => {
  test("a stored row reads back as the row, for every table and stamp", () => {
    fc.assert(
      fc.property(syncedRowArb, ({ name, row }) => {
        const table = tableOf(name);
        const stored = cloned(toStoredRow(table, withoutWriters(row)));
        expect(stored).not.toHaveProperty("fieldUpdatedAt");
        expect(cloned(fromStoredRow(table, stored))).toEqual(cloned(withoutWriters(row)));
      }),
      { numRuns: 1_000 },
    );
  });

  test("a compact wire row stores as its decoded row would, writers left out", () => {
    fc.assert(
      fc.property(syncedRowArb, ({ name, row }) => {
        const table = tableOf(name);
        const wire = cloned(encodeWireRow(table, row));
        const viaRow = toStoredRow(table, decodeWireRow(table, cloned(wire), row.householdId, { writers: false }));
        expect(cloned(storedFromWire(table, wire, row.householdId))).toEqual(cloned(viaRow));
      }),
      { numRuns: 1_000 },
    );
  });

  test("a row written in one change stores no stamps; another stamp is kept by name", () => {
    const at = "2026-11-24T21:15:02.410Z";
    const row = oatMilk(at);
    const plain = toStoredRow(shoppingItems, row);
    expect(plain).not.toHaveProperty("otherStamps");
    expect(plain).toMatchObject({ name: "Oat milk", updatedAt: at, householdId: "hh_1" });

    const older = "2026-11-24T21:15:00.000Z";
    const edited: SyncedRow = { ...row, fieldUpdatedAt: { ...row.fieldUpdatedAt, checked: older } };
    delete edited.fieldUpdatedAt.unit;
    expect(toStoredRow(shoppingItems, edited).otherStamps).toEqual({ checked: older, unit: null });
    expect(fromStoredRow(shoppingItems, toStoredRow(shoppingItems, edited)).fieldUpdatedAt).toEqual(
      edited.fieldUpdatedAt,
    );
  });

  test("a full row from before the compact form reads as it is, and stores compact again", () => {
    const row = { id: "x", updatedAt: "2026-01-01T00:00:00.000Z", fieldUpdatedAt: {} } as unknown as SyncedRow;
    expect(fromStoredRow(shoppingItems, row)).toBe(row);
    const stored = toStoredRow(shoppingItems, row);
    expect(toStoredRow(shoppingItems, stored as SyncedRow)).toBe(stored);
  });
});
