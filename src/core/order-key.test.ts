import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evenKeys, isOrderKey, keyBetween } from "./order-key";

describe("order keys", () => {
  test("a key between two keys sorts between them, at the start and at the end too", () => {
    const first = keyBetween(null, null);
    const after = keyBetween(first, null);
    const before = keyBetween(null, first);
    const mid = keyBetween(first, after);
    expect([after, mid, first, before].sort()).toEqual([before, first, mid, after]);
  });

  test("repeated inserts at one spot keep finding room, and every key stays a valid key", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (picks) => {
        const keys: string[] = [];
        for (const pick of picks) {
          const at = pick % (keys.length + 1);
          const key = keyBetween(keys[at - 1] ?? null, keys[at] ?? null);
          expect(isOrderKey(key)).toBe(true);
          keys.splice(at, 0, key);
        }
        expect([...keys].sort()).toEqual(keys);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  test("inserting always at the front or the back grows keys slowly", () => {
    let front = keyBetween(null, null);
    let back = front;
    for (let i = 0; i < 100; i++) {
      front = keyBetween(null, front);
      back = keyBetween(back, null);
    }
    expect(front.length).toBeLessThan(25);
    expect(back.length).toBeLessThan(25);
  });

  test("refuses keys out of order or not keys at all, so the caller re-keys", () => {
    expect(() => keyBetween("b", "a")).toThrow();
    expect(() => keyBetween("a", "a")).toThrow();
    expect(() => keyBetween("a0", null)).toThrow();
    expect(() => keyBetween("a b", null)).toThrow();
  });

  test("even keys ascend, are short and leave room between them", () => {
    for (const n of [0, 1, 2, 10, 61, 200]) {
      const keys = evenKeys(n);
      expect(keys).toHaveLength(n);
      expect([...keys].sort()).toEqual(keys);
      expect(new Set(keys).size).toBe(n);
      for (const k of keys) expect(isOrderKey(k)).toBe(true);
      if (n > 1) expect(() => keyBetween(keys[0] ?? null, keys[1] ?? null)).not.toThrow();
    }
    expect(Math.max(...evenKeys(50).map((k) => k.length))).toBeLessThanOrEqual(2);
  });
});
