import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { field } from "../fields";
import { TABLE_NAMES, tableDef } from "../tables";
import { FIELD_VALUES, derived, tableNameArb } from "./arbitraries";

// The property tests cover every table and every field because their generators derive from TABLES:
// a table or field added to src/core/tables.ts is generated without a further edit.
describe("property test generators", () => {
  test("every table has a generator for exactly its merged fields", () => {
    expect(Object.keys(FIELD_VALUES).sort()).toEqual([...TABLE_NAMES].sort());
    for (const name of TABLE_NAMES) {
      expect(Object.keys(FIELD_VALUES[name]).sort(), name).toEqual([...tableDef(name).mergeFields].sort());
    }
    expect(new Set(fc.sample(tableNameArb, 200))).toEqual(new Set(TABLE_NAMES));
  });

  test("every generated value is one its field accepts", () => {
    for (const name of TABLE_NAMES) {
      for (const [key, arb] of Object.entries(FIELD_VALUES[name])) {
        const def = tableDef(name).fieldDefs[key]!;
        for (const value of fc.sample(arb, 30))
          expect(def.schema.safeParse(value).success, `${name}.${key}`).toBe(true);
      }
    }
  });

  test("a new field of a known kind gets a generator; valid values reach its limit", () => {
    const store = field.optionalText({ max: 40 });
    const arb = derived(store)!;
    const values = fc.sample(arb, 300);
    expect(values).toContain(null);
    for (const v of values) expect(store.schema.safeParse(v).success).toBe(true);
    expect(derived(field.boolean({ default: false }))).not.toBeNull();
    expect(derived(field.optionalTimestamp())).not.toBeNull();
    // A number has no derived pool: the property tests would stop with a message naming the field.
    expect(derived(field.positiveNumber({ default: 1 }))).toBeNull();
  });
});
