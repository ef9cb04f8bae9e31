import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeCursor, decodePullCursor, encodeCursor } from "./cursor";

describe("pull cursor", () => {
  test("null means from the beginning", () => {
    expect(decodeCursor(null)).toBe(0);
  });

  test("every sequence number survives a round trip", () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(decodeCursor(encodeCursor(n))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  test("a mid-pass cursor carries the household sequence and the count left, and survives a round trip", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), (version, seq, remaining) => {
        expect(decodePullCursor(encodeCursor(version, { seq, remaining }))).toEqual({
          version,
          pass: { seq, remaining },
        });
        expect(decodeCursor(encodeCursor(version, { seq, remaining }))).toBe(version);
      }),
      { numRuns: 100 },
    );
    expect(decodePullCursor("v1.7")).toEqual({ version: 7 });
  });

  test.each([
    "",
    "v1.",
    "v1.-1",
    "v1.01",
    "v1.1.5",
    "v1.1.5.",
    "v1.1.5.3.2",
    "v1.1..3",
    "v1.1e3",
    "v1. 1",
    "v1.1 ",
    "v1.0x10",
    "v1.9007199254740993",
    "v1.99999999999999999999",
    "v2.1",
    "1",
    "V1.1",
    "v1.١٢",
    "null",
  ])("refuses %j, which no server issued", (junk) => {
    expect(decodeCursor(junk)).toBeUndefined();
  });

  test("random strings are either refused or a cursor this server could have issued", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 24 }), fc.stringMatching(/^v1\.[\d.e+-]{0,40}$/)), (s) => {
        const c = decodePullCursor(s);
        if (c !== undefined) expect(encodeCursor(c.version, c.pass)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});
