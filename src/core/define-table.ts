import { z } from "./zod";
import { type AnyField, type FieldValue, field, isoTimestamp, rowId, safeRecord } from "./fields";

export type Scope = "household" | "user";

export interface TableOptions<F extends Record<string, AnyField>> {
  /** `household`: every member reads and writes; `user`: only the owner ever sees the row. */
  scope: Scope;
  fields: F;
  /** Extra Dexie indexes for the client's queries (the common ones are always there). */
  clientIndexes?: readonly string[];
}

/** `deletedAt` merges like any other field, so a delete is never undone by an older or unrelated edit. */
export const deletedAtField = field.optionalTimestamp();

/** Column names a table may not use: they are the common columns of every synced row. */
export const COMMON_COLUMNS = [
  "id",
  "householdId",
  "userId",
  "createdAt",
  "updatedAt",
  "deletedAt",
  "syncedAt",
  "fieldUpdatedAt",
  "version",
  "purgedAt",
  "writers",
  "fieldWriters",
] as const;

export type RowFields<F extends Record<string, AnyField>> = { [K in keyof F]: FieldValue<F[K]> };

/** A synced row as it travels on the wire and lives in Dexie. */
export type SyncedRow<F extends Record<string, AnyField> = Record<string, AnyField>> = RowFields<F> & {
  id: string;
  householdId: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  syncedAt: string | null;
  /** When each merged field (table fields and `deletedAt`) last changed. */
  fieldUpdatedAt: Record<string, string>;
  /**
   * Who (user id) wrote each merged field's current value, where the server knows it. Sent by the
   * server with its rows (protocol 3); never pushed, never stored on devices.
   */
  fieldWriters?: Record<string, string>;
};

export interface TableDef<N extends string = string, F extends Record<string, AnyField> = Record<string, AnyField>> {
  readonly name: N;
  readonly scope: Scope;
  readonly fields: F;
  /** The fields merged last-write-wins: the table's own fields plus `deletedAt`. */
  readonly mergeFields: readonly string[];
  readonly fieldDefs: Readonly<Record<string, AnyField>>;
  readonly clientIndexes: readonly string[];
  /** A pushed row: `id`, `updatedAt` and any subset of the fields, validated field by field. */
  readonly pushedRow: z.ZodType<PushedRow>;
}

/** What a client may send for one row. Ownership columns are never taken from a client. */
export interface PushedRow {
  id: string;
  updatedAt: string;
  createdAt?: string | undefined;
  fieldUpdatedAt?: Record<string, string> | undefined;
  values: Record<string, unknown>;
}

const IGNORED_FROM_CLIENT = new Set(["householdId", "userId", "syncedAt", "fieldWriters"]);

export function defineTable<N extends string, F extends Record<string, AnyField>>(
  name: N,
  options: TableOptions<F>,
): TableDef<N, F> {
  for (const key of Object.keys(options.fields)) {
    if ((COMMON_COLUMNS as readonly string[]).includes(key) || key.includes("__")) {
      throw new Error(`${name}.${key}: reserved field name`);
    }
  }
  // No prototype: a lookup by a client's key ("constructor", "toString") must find nothing.
  const fieldDefs: Record<string, AnyField> = Object.assign(Object.create(null) as Record<string, AnyField>, {
    ...options.fields,
    deletedAt: deletedAtField as AnyField,
  });
  const mergeFields = Object.keys(fieldDefs);
  const fieldSet = new Set(mergeFields);

  const shape: Record<string, z.ZodType> = {
    id: rowId,
    updatedAt: isoTimestamp,
    createdAt: isoTimestamp.optional(),
    fieldUpdatedAt: safeRecord(isoTimestamp)
      .refine((m) => Object.keys(m).every((k) => fieldSet.has(k)), "names a field this table does not have")
      .optional(),
  };
  for (const [key, def] of Object.entries(fieldDefs)) shape[key] = def.schema.optional();

  const pushedRow = safeRecord(z.unknown())
    .transform((raw) => {
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) if (!IGNORED_FROM_CLIENT.has(k)) kept[k] = v;
      return kept;
    })
    .pipe(z.strictObject(shape))
    .transform((row): PushedRow => {
      const values: Record<string, unknown> = {};
      for (const key of mergeFields) if (key in row && row[key] !== undefined) values[key] = row[key];
      return {
        id: row.id as string,
        updatedAt: row.updatedAt as string,
        createdAt: row.createdAt as string | undefined,
        fieldUpdatedAt: row.fieldUpdatedAt as Record<string, string> | undefined,
        values,
      };
    });

  return {
    name,
    scope: options.scope,
    fields: options.fields,
    mergeFields,
    fieldDefs,
    clientIndexes: options.clientIndexes ?? [],
    pushedRow,
  };
}

/** True when a pushed row carries everything a new row needs. */
export function isCompleteRow(table: TableDef, row: PushedRow): boolean {
  if (row.createdAt === undefined) return false;
  return table.mergeFields.every((f) => f in row.values || (table.fieldDefs[f]?.hasDefault ?? false));
}
