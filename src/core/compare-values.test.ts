import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compareSqlValues, type SqlValue } from "./compare-values";

const utf8 = new TextEncoder();
const sign = (n: number) => Math.sign(n);

describe("compareSqlValues orders values as SQLite does", () => {
  test("NULL sorts before numbers, numbers before text", () => {
    const sorted: SqlValue[] = ["a", 2, null, "", -1, 0.5];
    sorted.sort(compareSqlValues);
    expect(sorted).toEqual([null, -1, 0.5, 2, "", "a"]);
  });

  test("text compares by code point (UTF-8 bytes), not by UTF-16 unit as JavaScript's < does", () => {
    // U+FFFF is one UTF-16 unit above the surrogates that encode U+1F600, but a smaller code point.
    expect("\uffff" > "😀").toBe(true);
    expect(compareSqlValues("\uffff", "😀")).toBeLessThan(0);
    expect(compareSqlValues("a😀", "a\uffff")).toBeGreaterThan(0);
    expect(compareSqlValues("B", "a")).toBeLessThan(0);
    expect(compareSqlValues("ab", "a")).toBeGreaterThan(0);
    expect(compareSqlValues("a\u0000", "a")).toBeGreaterThan(0);
  });

  test("any two strings compare like their UTF-8 bytes", () => {
    const str = fc.string({ unit: "binary", maxLength: 8 });
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(sign(compareSqlValues(a, b))).toBe(sign(Buffer.compare(utf8.encode(a), utf8.encode(b))));
      }),
      { numRuns: 500 },
    );
  });

  test("is a total order: antisymmetric and transitive over mixed values", () => {
    const value = fc.oneof(fc.constant(null), fc.double({ noNaN: true }), fc.string({ unit: "binary", maxLength: 4 }));
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(sign(compareSqlValues(a, b)) + sign(compareSqlValues(b, a))).toBe(0);
        if (compareSqlValues(a, b) <= 0 && compareSqlValues(b, c) <= 0) {
          expect(compareSqlValues(a, c)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
