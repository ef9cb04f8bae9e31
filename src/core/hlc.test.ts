import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createHlc } from "./hlc";
import { isIsoTimestamp } from "./time";

const T = Date.parse("2026-03-01T12:00:00.000Z");

describe("hybrid logical clock", () => {
  test("follows the wall clock when it moves forward", () => {
    let now = T;
    const hlc = createHlc({ now: () => now });
    expect(hlc.now()).toBe("2026-03-01T12:00:00.000Z");
    now += 5_000;
    expect(hlc.now()).toBe("2026-03-01T12:00:05.000Z");
  });

  test("two changes in the same millisecond still get increasing timestamps", () => {
    const hlc = createHlc({ now: () => T });
    expect([hlc.now(), hlc.now(), hlc.now()]).toEqual([
      "2026-03-01T12:00:00.000Z",
      "2026-03-01T12:00:00.001Z",
      "2026-03-01T12:00:00.002Z",
    ]);
  });

  test("never goes backwards when the wall clock is set back", () => {
    let now = T;
    const hlc = createHlc({ now: () => now });
    const before = hlc.now();
    now -= 3_600_000;
    expect(hlc.now() > before).toBe(true);
  });

  test("a device whose clock is behind still stamps after anything it has seen", () => {
    const hlc = createHlc({ now: () => T - 86_400_000 });
    hlc.observe("2026-03-01T12:00:00.000Z");
    expect(hlc.now()).toBe("2026-03-01T12:00:00.001Z");
  });

  test("resumes after the last timestamp it issued, and ignores junk it is shown", () => {
    const hlc = createHlc({ now: () => T, last: "2026-03-01T13:00:00.000Z" });
    hlc.observe("not a time");
    hlc.observe("2020-01-01T00:00:00.000Z");
    expect(hlc.now()).toBe("2026-03-01T13:00:00.001Z");
    expect(createHlc({ now: () => T, last: "garbage" }).now()).toBe("2026-03-01T12:00:00.000Z");
    expect(createHlc({ now: () => Number.NaN, last: "2026-03-01T12:00:00.000Z" }).now()).toBe(
      "2026-03-01T12:00:00.001Z",
    );
  });

  test("under any wall clock jumps and observations, timestamps strictly increase and pass what was seen", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("tick" as const), jump: fc.integer({ min: -600_000, max: 600_000 }) }),
      fc.record({ kind: fc.constant("observe" as const), offset: fc.integer({ min: -600_000, max: 600_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        let wall = T;
        const hlc = createHlc({ now: () => wall });
        let last = "";
        let seen = "";
        for (const s of steps) {
          if (s.kind === "observe") {
            const ts = new Date(T + s.offset).toISOString();
            hlc.observe(ts);
            if (ts > seen) seen = ts;
            continue;
          }
          wall += s.jump;
          const ts = hlc.now();
          expect(isIsoTimestamp(ts)).toBe(true);
          expect(ts > last && ts > seen).toBe(true);
          expect(Date.parse(ts)).toBeGreaterThanOrEqual(wall);
          last = ts;
        }
      }),
      { numRuns: 200 },
    );
  });
});
