import { z } from "zod";
import type { SqlValue } from "./compare-values";
import { isIsoTimestamp } from "./time";

/** How a field is typed, validated, defaulted and stored in a D1 column. */
export interface FieldDef<T> {
  readonly sqlType: "TEXT" | "REAL" | "INTEGER";
  readonly schema: z.ZodType<T>;
  /** A new row may leave the field out only when it has a default. */
  readonly hasDefault: boolean;
  readonly defaultValue: T;
  encode(value: T): SqlValue;
  decode(stored: SqlValue): T;
}

export type AnyField = FieldDef<unknown>;
export type FieldValue<F> = F extends FieldDef<infer T> ? T : never;

export const isoTimestamp = z.string().refine(isIsoTimestamp, "must be an ISO 8601 UTC timestamp with milliseconds");

export const rowId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");

function textField<T extends string | null>(schema: z.ZodType<T>, dflt: T | undefined): FieldDef<T> {
  return {
    sqlType: "TEXT",
    schema,
    hasDefault: dflt !== undefined,
    defaultValue: dflt as T,
    encode: (v) => v,
    decode: (s) => (typeof s === "string" ? s : null) as T,
  };
}

export const field = {
  text(opts: { min?: number; max: number; default?: string }): FieldDef<string> {
    return textField(
      z
        .string()
        .min(opts.min ?? 0)
        .max(opts.max),
      opts.default,
    );
  },
  optionalText(opts: { max: number }): FieldDef<string | null> {
    return textField(z.string().max(opts.max).nullable(), null);
  },
  /** A user id (or null): assignees. */
  optionalRef(): FieldDef<string | null> {
    return textField(rowId.nullable(), null);
  },
  optionalDate(): FieldDef<string | null> {
    const date = z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
      .refine((s) => new Date(`${s}T00:00:00.000Z`).toISOString().startsWith(s), "must be a real date");
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
      schema: z.json().refine((v) => JSON.stringify(v).length <= opts.maxChars, {
        message: `must serialize to at most ${opts.maxChars} characters`,
      }),
      hasDefault: true,
      defaultValue: null,
      encode: (v) => JSON.stringify(v ?? null),
      decode: (s) => (typeof s === "string" ? (JSON.parse(s) as unknown) : null),
    };
  },
};
