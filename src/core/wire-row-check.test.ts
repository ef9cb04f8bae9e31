import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isWireRow, wireRow } from "./protocol";
import { tableOf } from "./testing/arbitraries";
import { syncedRowArb } from "./testing/row-arbitrary";
import { encodeWireRow, withoutWriters } from "./wire-row";

/** Rows as servers send them (compact and full), and the same rows with one property broken. */
const sentRow = syncedRowArb.chain(({ name, row }) =>
  fc.constantFrom<Record<string, unknown>>(
    JSON.parse(JSON.stringify(encodeWireRow(tableOf(name), row))) as Record<string, unknown>,
    JSON.parse(JSON.stringify(withoutWriters(row))) as Record<string, unknown>,
  ),
);
const broken = fc
  .tuple(
    sentRow,
    fc.constantFrom(
      "id",
      "userId",
      "createdAt",
      "updatedAt",
      "syncedAt",
      "stamps",
      "writers",
      "householdId",
      "deletedAt",
      "fieldUpdatedAt",
    ),
    fc.oneof(fc.anything(), fc.array(fc.anything(), { minLength: 1 }), fc.constant(undefined)),
  )
  .map(([row, key, value]) => ({ ...row, [key]: value }));

describe("the check of pulled rows", () => {
  test("accepts and refuses exactly what the row schema does", () => {
    fc.assert(
      fc.property(fc.oneof(sentRow, broken, fc.anything()), (value) => {
        expect(isWireRow(value)).toBe(wireRow.safeParse(value).success);
      }),
      { numRuns: 3_000 },
    );
  });
});
