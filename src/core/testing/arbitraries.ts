import fc from "fast-check";
import type { TableDef } from "../define-table";
import { type AnyField, textProblem } from "../fields";
import type { RowChange, Stamped } from "../merge-rows";
import { TABLE_NAMES, type TableName, tableDef } from "../tables";
import { toIso } from "../time";

// Generators for the sync property tests (node) and the SQL cross-check (workerd). Values come from
// small pools so equal timestamps meet equal and different values often: the tie-break is exercised,
// not just the happy path. Every generated value is valid for its field.

export const BASE_MS = Date.parse("2026-03-01T12:00:00.000Z");

/** Timestamps within a few milliseconds of each other, so ties are common. */
export const nearTs = fc.integer({ min: 0, max: 12 }).map((d) => toIso(BASE_MS + d));

const tricky = ["a", "b", "B", "é", "e\u0301", "😀", "\uffff", "\u{10ffff}", "ab", "Z", "0"];
// Only text every text field accepts: no control characters, bidi overrides or lone surrogates.
const text = (min: number, max: number) =>
  fc.oneof(
    fc.constantFrom(...tricky.filter((s) => s.length >= min && s.length <= max)),
    fc
      .string({ unit: "binary", minLength: min, maxLength: Math.min(max, 6) })
      .filter((s) => textProblem(s, { multiline: false }) === null),
  );
const optText = (max: number) => fc.oneof(fc.constant(null), text(0, max));
const optTs = fc.oneof(fc.constant(null), nearTs);

/** Hand-tuned pools for the fields that exist today; a new field gets a derived generator (below). */
const TUNED: Partial<Record<TableName, Record<string, fc.Arbitrary<unknown>>>> = {
  tasks: {
    title: text(1, 500),
    notes: optText(10_000),
    assigneeId: fc.constantFrom(null, "u1", "u2", "U1"),
    dueDate: fc.constantFrom(null, "2026-01-01", "2026-12-31", "2024-02-29"),
    completedAt: optTs,
    repeat: fc.constantFrom(
      null,
      { every: 1, unit: "day", from: "due" },
      { every: 2, unit: "week", weekdays: [1, 4], from: "due" },
      { every: 1, unit: "month", monthDay: 31, from: "completion" },
    ),
    rotation: fc.constantFrom(
      null,
      { mode: "round-robin", members: ["u1", "u2"] },
      { mode: "least-done", members: ["u2", "u1", "U1"] },
    ),
    deletedAt: optTs,
  },
  taskCompletions: {
    taskId: fc.constantFrom("t1", "t2"),
    occurrence: fc.constantFrom("2026-01-01", "2026-01-02", "2024-02-29"),
    doneOn: fc.constantFrom("2026-01-01", "2026-01-03", "2023-12-31"),
    completedAt: optTs,
    deletedAt: optTs,
  },
  shoppingItems: {
    name: text(1, 200),
    quantity: fc.oneof(
      fc.constantFrom(1, 2, 0.5, 1e9, 1.0000000000000002),
      fc.double({ min: Number.MIN_VALUE, max: 1e9, noNaN: true }),
    ),
    unit: optText(20),
    category: optText(50),
    checked: fc.boolean(),
    listId: fc.constantFrom(null, "default", "l1", "L1"),
    deletedAt: optTs,
  },
  shoppingCategories: {
    name: text(1, 50),
    sortKey: fc.constantFrom("V", "a", "V8", "k", "kV", "0V"),
    deletedAt: optTs,
  },
  notes: {
    title: text(0, 200),
    body: text(0, 100_000),
    pinned: fc.boolean(),
    deletedAt: optTs,
  },
  preferences: {
    key: text(1, 100),
    value: fc.oneof(
      fc.constantFrom(null, 0, 1, "x", true, false, [1, 2], { a: 1 }, { a: [true, null] }, "😀"),
      fc
        .jsonValue({ maxDepth: 2 })
        // As it comes back from the server (no -0), small, and without the refused "__proto__" key.
        .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
        .filter((v) => JSON.stringify(v).length <= 200 && !JSON.stringify(v).includes("__proto__")),
    ),
    deletedAt: optTs,
  },
};

/**
 * A generator for a field nobody tuned, from what its definition accepts: text up to its
 * `maxLength` (nullable if null is accepted), booleans, optional timestamps. Null when the kind
 * cannot be told, so a new kind of field fails loudly instead of going untested.
 */
export function derived(def: AnyField): fc.Arbitrary<unknown> | null {
  const ok = (v: unknown) => def.schema.safeParse(v).success;
  const nullable = ok(null);
  if (def.maxLength !== undefined) {
    const t = text(ok("") ? 0 : 1, def.maxLength);
    return nullable ? fc.oneof(fc.constant(null), t) : t;
  }
  if (ok(true) && ok(false)) return fc.boolean();
  if (nullable && ok(toIso(BASE_MS)) && !ok("x")) return optTs;
  return null;
}

/** A valid value for every merged field of every table, derived from TABLES (tuned where listed). */
export const FIELD_VALUES = Object.fromEntries(
  TABLE_NAMES.map((name) => {
    const table = tableDef(name);
    const arbs = table.mergeFields.map((f) => {
      const arb = TUNED[name]?.[f] ?? derived(table.fieldDefs[f]!);
      if (!arb) throw new Error(`No generator for ${name}.${f}: add one to TUNED in src/core/testing/arbitraries.ts`);
      return [f, arb] as const;
    });
    return [name, Object.fromEntries(arbs)];
  }),
) as Record<TableName, Record<string, fc.Arbitrary<unknown>>>;

export const tableNameArb = fc.constantFrom<TableName>(...TABLE_NAMES);

export const tableOf: (name: TableName) => TableDef = tableDef;

/** Some of a table's fields, each with a value and a timestamp (one shared, or one per field). */
export function fieldChangesArb(name: TableName, options: { minFields?: number } = {}) {
  const arbs = FIELD_VALUES[name];
  const names = Object.keys(arbs);
  return fc
    .record({
      chosen: fc.subarray(names, { minLength: options.minFields ?? 1 }),
      values: fc.record(arbs as Record<string, fc.Arbitrary<unknown>>),
      shared: nearTs,
      own: fc.record(Object.fromEntries(names.map((n) => [n, fc.option(nearTs, { nil: undefined })]))),
    })
    .map(({ chosen, values, shared, own }) => {
      const fields: Record<string, Stamped> = {};
      for (const f of chosen) fields[f] = { value: values[f], ts: own[f] ?? shared };
      return fields;
    });
}

/** A change to row `id`: complete (every field, so it may create the row) or partial. */
export function rowChangeArb(name: TableName, ids: readonly string[]) {
  return fc
    .record({
      id: fc.constantFrom(...ids),
      complete: fc.boolean(),
      partial: fieldChangesArb(name),
      full: fieldChangesArb(name, { minFields: Object.keys(FIELD_VALUES[name]).length }),
      createdAt: nearTs,
    })
    .map(({ id, complete, partial, full, createdAt }): { change: RowChange; complete: boolean } => ({
      complete,
      change: { id, createdAt: complete ? createdAt : undefined, fields: complete ? full : partial },
    }));
}
