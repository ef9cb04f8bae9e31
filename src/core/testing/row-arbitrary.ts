import fc from "fast-check";
import type { SyncedRow } from "../define-table";
import { LOWEST_STAMP, toIso } from "../time";
import { FIELD_VALUES, tableNameArb, tableOf } from "./arbitraries";

// Whole rows for the row-encoding property tests (wire rows, stored rows).

const MIN_MS = Date.parse("1970-01-01T00:00:00.000Z");
const MAX_MS = Date.parse("9999-12-31T23:59:59.999Z");
const anyTs = fc.oneof(
  fc.constant(LOWEST_STAMP),
  fc.integer({ min: MIN_MS, max: MAX_MS }).map(toIso),
  fc.integer({ min: 0, max: 50 }).map((d) => toIso(Date.parse("2026-03-01T12:00:00.000Z") + d)),
);
const userIdArb = fc.constantFrom("u1", "u2", "u_3");

/** Any row of any table: every field valued, stamps anywhere in time, writers known or not. */
export const syncedRowArb = tableNameArb.chain((name) => {
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
