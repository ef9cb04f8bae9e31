/** How deep a JSON value may nest: bounds every recursive consumer (JSON.stringify, IndexedDB, React). */
export const MAX_JSON_DEPTH = 100;

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not an acceptable JSON value of at most `maxChars` serialized characters, or null.
 * Iterative and bounded: it stops once a lower bound of the serialized size passes `maxChars`, so a
 * million-level nesting costs little and never overflows the stack. `__proto__` keys are refused:
 * JSON.parse makes them own keys, but most code that copies the value (spreads, zod, assignments)
 * would silently turn them into a prototype, so the value would not survive a round trip.
 */
export function jsonProblem(value: unknown, maxChars: number): string | null {
  const tooLong = `must serialize to at most ${maxChars} characters`;
  let budget = maxChars;
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { v, depth } = next;
    if (depth > MAX_JSON_DEPTH) return `must nest at most ${MAX_JSON_DEPTH} levels`;
    if (v === null || typeof v === "boolean") budget -= 4;
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) return "must be JSON (finite numbers only)";
      budget -= 1;
    } else if (typeof v === "string") budget -= v.length + 2;
    else if (Array.isArray(v)) {
      budget -= 1 + Math.max(1, v.length);
      for (const item of v as unknown[]) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === "object" && isPlainObject(v)) {
      const keys = Object.keys(v);
      budget -= 1 + Math.max(1, keys.length);
      for (const key of keys) {
        if (key === "__proto__") return 'must not contain a "__proto__" key';
        budget -= key.length + 3;
        stack.push({ v: v[key], depth: depth + 1 });
      }
    } else return "must be JSON";
    // A lower bound of the serialized length (escapes only add), so it never refuses too early.
    if (budget < 0) return tooLong;
  }
  return JSON.stringify(value).length <= maxChars ? null : tooLong;
}
