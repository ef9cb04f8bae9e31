import { z } from "./zod";
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
  /**
   * The most bytes the stored value can take as quotas measure it (LENGTH of its UTF-8 text): what
   * bounds the rows a pull page reads before it knows their sizes (see pull-page.ts).
   */
  readonly maxBytes: number;
  encode(value: T): SqlValue;
  decode(stored: SqlValue): T;
  /**
   * An SQL expression of the stored column (`column`, quoted) giving the value as `decode` does,
   * for SQLite's JSON functions: a pull page's compact rows are written as JSON text by SQLite
   * itself (src/server/sync/sql.ts), and a test requires them to decode to the same rows.
   */
  wireSql(column: string): string;
}

export type AnyField = FieldDef<unknown>;
export type FieldValue<F> = F extends FieldDef<infer T> ? T : never;

export const isoTimestamp = z.string().refine(isIsoTimestamp, "must be an ISO 8601 UTC timestamp with milliseconds");

export const rowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  // zod runs refinements even after the regex failed, so this must not throw on any string.
  .refine((s) => isIsoTimestamp(`${s}T00:00:00.000Z`), "must be a real date");

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0 and C1 control characters and DEL. */
const CONTROL = /\p{Cc}/u;
/** The same, except tab, line feed and carriage return: allowed in long text (notes, descriptions). */
const CONTROL_EXCEPT_NEWLINE = /(?![\t\n\r])\p{Cc}/u;
/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text display in
 * another order than it is stored ("Trojan Source"), so a name could look like someone else's. The
 * plain direction marks (U+200E, U+200F, U+061C) are kept: right-to-left writing needs them.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

export const LONE_SURROGATE_MESSAGE = "must be well-formed Unicode (no unpaired surrogates)";

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Why `s` is not text that means one thing, or null. */
export function textProblem(s: string, options: { multiline: boolean }): string | null {
  if (LONE_SURROGATE.test(s)) return LONE_SURROGATE_MESSAGE;
  if ((options.multiline ? CONTROL_EXCEPT_NEWLINE : CONTROL).test(s)) {
    return options.multiline
      ? "must not contain control characters (other than tabs and new lines)"
      : "must not contain control characters";
  }
  if (BIDI_CONTROL.test(s)) return "must not contain bidirectional override characters";
  return null;
}

/**
 * Text that means one thing: no unpaired surrogate (D1 would store invalid UTF-8 and read back U+FFFD,
 * so server and client would hold, and tie-break on, different values), no control character (except
 * tab and new lines in multiline text), no bidi override. Names, titles and emails are single lines.
 */
export function plainText(opts: { min?: number; max: number; multiline?: boolean }): z.ZodType<string, string> {
  const multiline = opts.multiline ?? false;
  return z
    .string()
    .min(opts.min ?? 0)
    .max(opts.max)
    .superRefine((s, ctx) => {
      const problem = textProblem(s, { multiline });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** Long text (1,000 characters or more: note bodies, task notes) may span lines unless told otherwise. */
function wellFormedText(opts: { min?: number; max: number; multiline?: boolean }): z.ZodType<string, string> {
  return plainText({ ...opts, multiline: opts.multiline ?? opts.max >= 1_000 });
}

/** More keys than any row, push or map of the protocol has: the default bound of a `safeRecord`. */
export const MAX_RECORD_KEYS = 256;

/**
 * A JSON object as a record. JSON.parse makes `"__proto__"` an own key, which zod's records drop
 * silently (and plain assignment would turn into a prototype): refuse it instead, naming it.
 * At most `maxKeys` keys, checked before any key is validated: a record's issues are collected per
 * key, so 200,000 bad keys would cost seconds and overflow workerd's stack (a 500, not a 400).
 */
export function safeRecord<V extends z.ZodType>(value: V, options: { maxKeys?: number } = {}) {
  const maxKeys = options.maxKeys ?? MAX_RECORD_KEYS;
  return z
    .custom<Record<string, unknown>>(
      (v) => typeof v === "object" && v !== null && !Array.isArray(v),
      "must be an object",
    )
    .superRefine((v, ctx) => {
      let keys = 0;
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        if (++keys > maxKeys) {
          ctx.addIssue({ code: "custom", message: `must have at most ${maxKeys} keys`, continue: false });
          return;
        }
      }
      if (Object.prototype.hasOwnProperty.call(v, "__proto__")) {
        ctx.addIssue({ code: "custom", message: 'unknown key "__proto__"', path: ["__proto__"] });
      }
    })
    .pipe(z.record(z.string(), value));
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const UTF8_PER_UNIT = 3;
/** Ids and refs: at most 64 ASCII characters (rowId); timestamps 24, days 10. */
const REF_BYTES = 64;

function textField<T extends string | null>(
  schema: z.ZodType<T>,
  dflt: T | undefined,
  maxLength?: number,
  maxBytes = REF_BYTES,
): FieldDef<T> {
  return {
    sqlType: "TEXT",
    schema,
    maxLength,
    maxBytes: maxLength === undefined ? maxBytes : maxLength * UTF8_PER_UNIT,
    hasDefault: dflt !== undefined,
    defaultValue: dflt as T,
    // A required text field has no default: a missing value is stored as NULL, never `undefined`.
    encode: (v) => v ?? null,
    decode: (s) => (typeof s === "string" ? s : null) as T,
    wireSql: (c) => `CASE WHEN typeof(${c}) = 'text' THEN ${c} END`,
  };
}

export const field = {
  text(opts: { min?: number; max: number; default?: string; multiline?: boolean }): FieldDef<string> {
    return textField(wellFormedText(opts), opts.default, opts.max);
  },
  optionalText(opts: { max: number; multiline?: boolean }): FieldDef<string | null> {
    return textField(wellFormedText(opts).nullable(), null, opts.max);
  },
  /** A user id (or null): assignees. */
  optionalRef(): FieldDef<string | null> {
    return textField(rowId.nullable(), null);
  },
  /** A required row id (a completion's task). */
  ref(): FieldDef<string> {
    return textField(rowId, undefined);
  },
  /** A required calendar day YYYY-MM-DD. */
  date(): FieldDef<string> {
    return textField(calendarDay, undefined, undefined, 10);
  },
  optionalDate(): FieldDef<string | null> {
    return textField(calendarDay.nullable(), null, undefined, 10);
  },
  optionalTimestamp(): FieldDef<string | null> {
    return textField(isoTimestamp.nullable(), null, undefined, 24);
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
      // A REAL as text: sign, 17 significant digits, point and exponent.
      maxBytes: 24,
      encode: (v) => v,
      decode: (s) => (typeof s === "number" ? s : opts.default),
      wireSql: (c) => `CASE WHEN typeof(${c}) IN ('integer', 'real') THEN ${c} ELSE ${opts.default} END`,
    };
  },
  boolean(opts: { default: boolean }): FieldDef<boolean> {
    return {
      sqlType: "INTEGER",
      schema: z.boolean(),
      hasDefault: true,
      defaultValue: opts.default,
      maxBytes: 1,
      encode: (v) => (v ? 1 : 0),
      decode: (s) => s === 1,
      wireSql: (c) => `json(CASE WHEN ${c} = 1 THEN 'true' ELSE 'false' END)`,
    };
  },
  /** JSON of one shape (or null), stored as its serialization; the shape is checked on every write. */
  optionalJsonOf<T>(schema: z.ZodType<T>, opts: { maxChars: number }): FieldDef<T | null> {
    return {
      sqlType: "TEXT",
      schema: schema
        .nullable()
        .refine(
          (v) => JSON.stringify(v).length <= opts.maxChars,
          `must serialize to at most ${opts.maxChars} characters`,
        ),
      hasDefault: true,
      defaultValue: null,
      maxBytes: opts.maxChars * UTF8_PER_UNIT,
      encode: (v) => (v === null ? null : JSON.stringify(v)),
      decode: (s) => (typeof s === "string" ? (JSON.parse(s) as T) : null),
      wireSql: (c) => `CASE WHEN typeof(${c}) = 'text' THEN json(${c}) END`,
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
      maxBytes: opts.maxChars * UTF8_PER_UNIT,
      encode: (v) => JSON.stringify(v ?? null),
      decode: (s) => (typeof s === "string" ? (JSON.parse(s) as unknown) : null),
      wireSql: (c) => `CASE WHEN typeof(${c}) = 'text' THEN json(${c}) END`,
    };
  },
};
