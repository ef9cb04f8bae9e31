import { z } from "zod";
import type { SqlValue } from "./compare-values";
import { jsonProblem } from "./json-value";
import { isIsoTimestamp } from "./time";

/** How a field is typed, validated, defaulted and stored in a D1 column. */
export interface FieldDef<T> {
  readonly sqlType: "TEXT" | "REAL" | "INTEGER";
  readonly schema: z.ZodType<T>;
  /** A new row may leave the field out only when it has a default. */
  readonly hasDefault: boolean;
  readonly defaultValue: T;
  /** The most characters a text field takes: validation and the UI's `maxLength` both read it. */
  readonly maxLength?: number;
  encode(value: T): SqlValue;
  decode(stored: SqlValue): T;
}

export type AnyField = FieldDef<unknown>;
export type FieldValue<F> = F extends FieldDef<infer T> ? T : never;

export const isoTimestamp = z.string().refine(isIsoTimestamp, "must be an ISO 8601 UTC timestamp with milliseconds");

export const rowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text that D1 stores as sent: an unpaired surrogate would be written as invalid UTF-8 and read back
 * as U+FFFD, so the server and the client would hold (and tie-break on) different values.
 */
function wellFormedText(opts: { min?: number; max: number }): z.ZodType<string> {
  return z
    .string()
    .min(opts.min ?? 0)
    .max(opts.max)
    .refine((s) => !LONE_SURROGATE.test(s), "must be well-formed Unicode (no unpaired surrogates)");
}

/**
 * A JSON object as a record. JSON.parse makes `"__proto__"` an own key, which zod's records drop
 * silently (and plain assignment would turn into a prototype): refuse it instead, naming it.
 */
export function safeRecord<V extends z.ZodType>(value: V) {
  return z
    .custom<Record<string, unknown>>(
      (v) => typeof v === "object" && v !== null && !Array.isArray(v),
      "must be an object",
    )
    .superRefine((v, ctx) => {
      if (Object.prototype.hasOwnProperty.call(v, "__proto__")) {
        ctx.addIssue({ code: "custom", message: 'unknown key "__proto__"', path: ["__proto__"] });
      }
    })
    .pipe(z.record(z.string(), value));
}

function textField<T extends string | null>(
  schema: z.ZodType<T>,
  dflt: T | undefined,
  maxLength?: number,
): FieldDef<T> {
  return {
    sqlType: "TEXT",
    schema,
    maxLength,
    hasDefault: dflt !== undefined,
    defaultValue: dflt as T,
    // A required text field has no default: a missing value is stored as NULL, never `undefined`.
    encode: (v) => v ?? null,
    decode: (s) => (typeof s === "string" ? s : null) as T,
  };
}

export const field = {
  text(opts: { min?: number; max: number; default?: string }): FieldDef<string> {
    return textField(wellFormedText(opts), opts.default, opts.max);
  },
  optionalText(opts: { max: number }): FieldDef<string | null> {
    return textField(wellFormedText(opts).nullable(), null, opts.max);
  },
  /** A user id (or null): assignees. */
  optionalRef(): FieldDef<string | null> {
    return textField(rowId.nullable(), null);
  },
  optionalDate(): FieldDef<string | null> {
    const date = z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
      // zod runs refinements even after the regex failed, so this must not throw on any string.
      .refine((s) => isIsoTimestamp(`${s}T00:00:00.000Z`), "must be a real date");
    return textField(date.nullable(), null);
  },
  optionalTimestamp(): FieldDef<string | null> {
    return textField(isoTimestamp.nullable(), null);
  },
  positiveNumber(opts: { default: number; max?: number }): FieldDef<number> {
    return {
      sqlType: "REAL",
      schema: z
        .number()
        .positive()
        .max(opts.max ?? 1e9),
      hasDefault: true,
      defaultValue: opts.default,
      encode: (v) => v,
      decode: (s) => (typeof s === "number" ? s : opts.default),
    };
  },
  boolean(opts: { default: boolean }): FieldDef<boolean> {
    return {
      sqlType: "INTEGER",
      schema: z.boolean(),
      hasDefault: true,
      defaultValue: opts.default,
      encode: (v) => (v ? 1 : 0),
      decode: (s) => s === 1,
    };
  },
  /** Any JSON value, stored as its serialization; `maxChars` bounds that serialization. */
  json(opts: { maxChars: number }): FieldDef<unknown> {
    return {
      sqlType: "TEXT",
      // Not z.json(): it recurses, so a deeply nested value would overflow the stack (a 500).
      schema: z.unknown().superRefine((v, ctx) => {
        const problem = jsonProblem(v, opts.maxChars);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      hasDefault: true,
      defaultValue: null,
      encode: (v) => JSON.stringify(v ?? null),
      decode: (s) => (typeof s === "string" ? (JSON.parse(s) as unknown) : null),
    };
  },
};
