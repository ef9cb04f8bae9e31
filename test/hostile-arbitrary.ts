import fc from "fast-check";
import type { z } from "zod";

// Hostile request bodies derived from the API's zod schemas: values that mostly follow the schema
// (so they reach the code behind the first check), with any node replaced, now and then, by a wrong
// type, a huge or deeply nested value, a unicode edge case, or a prototype key.

/** A string that stands for a value too deep to build in JS: `serialize` splices it in as raw JSON. */
const DEEP = "\u0000deep:";

/** Unicode and injection edge cases: each has broken some parser, database or UI somewhere. */
const EDGE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "a\ud800b",
  "\udc00\ud800",
  "\u202eevil\u202c",
  "\u2066x\u2069",
  "\u200f",
  "\ufeff",
  "\u200b",
  "\u2028\u2029",
  "e\u0301",
  "👍🏽👨‍👩‍👧",
  "\uffff\ufffe",
  "\x7f\x1b[31m",
  "\r\n\t",
  "%00%ff",
  "../../etc/passwd",
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "v1.99999999999999999999",
  "-1",
  "NaN",
  "1e400",
];

const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "isAdmin", "role"];

const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 4,
});

const wideObject = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

/** One hostile value of any type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53 + 1, [], {}),
  fc.constantFrom(...EDGE_STRINGS),
  loneSurrogates,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 200, max: 20_000 }).map((n) => `${DEEP}${n}`),
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => new Array<number>(n).fill(0)),
  fc.integer({ min: 300, max: 10_000 }).map(wideObject),
  fc.constantFrom(...PROTO_KEYS).map((key) => withOwnKey({}, key, { polluted: true })),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Sets `key` as an own enumerable property, even `__proto__` (as JSON.parse would). */
function withOwnKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
  return obj;
}

/** Mostly `valid`, sometimes a hostile value in its place. */
function sometimesHostile(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

interface Def {
  type: string;
  [key: string]: unknown;
}
type Schema = z.ZodType & {
  _zod: { def: Def };
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  format?: string | null;
};

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  const checks = (s._zod.def.checks as { _zod: { def: { format?: string; pattern?: RegExp } } }[] | undefined) ?? [];
  if (s.format === "email") return fc.emailAddress();
  const pattern = checks.map((c) => c._zod.def).find((d) => d.format === "regex")?.pattern;
  if (pattern) return fc.stringMatching(pattern);
  const maxLength = Math.min(s.maxLength ?? 50, 2_000);
  return fc.oneof(
    fc.string({ minLength: Math.min(s.minLength ?? 0, maxLength), maxLength }),
    fc.string({ unit: "binary", maxLength: Math.min(maxLength, 30) }),
    // Past the maximum by one: the boundary.
    fc.constant("y".repeat(maxLength + 1)),
  );
}

function numberArbitrary(s: Schema): fc.Arbitrary<number> {
  const min = Number.isFinite(s.minValue) ? (s.minValue as number) : -1e9;
  const max = Number.isFinite(s.maxValue) ? (s.maxValue as number) : 1e9;
  const inRange = s.isInt
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof(inRange, fc.constantFrom(min - 1, max + 1, min, max));
}

function objectArbitrary(def: Def): fc.Arbitrary<unknown> {
  const shape = def.shape as Record<string, Schema>;
  const entries = Object.entries(shape).map(([key, schema]) => [key, arbitraryFor(schema)] as const);
  const optional = new Set(
    Object.entries(shape)
      .filter(([, s]) => s._zod.def.type === "optional")
      .map(([k]) => k),
  );
  const base = fc.record(Object.fromEntries(entries), {
    requiredKeys: Object.keys(shape).filter((k) => !optional.has(k)),
  });
  return fc
    .tuple(base, fc.option(fc.tuple(fc.constantFrom(...PROTO_KEYS, "extra"), hostileValue), { freq: 4 }), fc.nat(9))
    .map(([record, extra, drop]) => {
      const out = { ...(record as Record<string, unknown>) };
      if (extra) withOwnKey(out, extra[0], extra[1]);
      // Now and then a required key goes missing.
      const keys = Object.keys(shape);
      if (drop === 0 && keys.length > 0) delete out[keys[drop % keys.length] as string];
      return out;
    });
}

/** An arbitrary for values near `schema`: valid most of the time, hostile at any node now and then. */
export function arbitraryFor(
  schema: z.ZodType,
  overrides: Map<z.ZodType, fc.Arbitrary<unknown>> = new Map(),
): fc.Arbitrary<unknown> {
  const own = overrides.get(schema);
  if (own) return sometimesHostile(own);
  const s = schema as Schema;
  const def = s._zod.def;
  const inner = (t: unknown) => arbitraryFor(t as z.ZodType, overrides);
  switch (def.type) {
    case "string":
      return sometimesHostile(stringArbitrary(s));
    case "number":
      return sometimesHostile(numberArbitrary(s));
    case "boolean":
      return sometimesHostile(fc.boolean());
    case "object":
      return sometimesHostile(objectArbitrary(def));
    case "optional":
      return fc.option(inner(def.innerType), { nil: undefined });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null });
    case "default":
      return fc.option(inner(def.innerType), { nil: undefined });
    case "array":
      return sometimesHostile(fc.array(inner(def.element), { maxLength: 5 }));
    case "record":
      return sometimesHostile(
        fc.dictionary(stringArbitrary(def.keyType as Schema), inner(def.valueType), { maxKeys: 4 }),
      );
    case "pipe": {
      // A transform consumes what the left side produced; a record behind a custom check is the record.
      const out = (def.out as Schema)._zod.def.type;
      return out === "transform" ? inner(def.in) : inner(def.out);
    }
    default:
      return hostileValue;
  }
}

/** JSON text of `value`, with deep-nesting markers spliced in as `[[[…]]]` (too deep to build as objects). */
export function serialize(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.replace(/"\\u0000deep:(\d+)"/g, (_, n: string) => "[".repeat(Number(n)) + "]".repeat(Number(n)));
}
