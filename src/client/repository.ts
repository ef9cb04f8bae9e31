import type { SyncedRow, TableDef } from "../core/define-table";
import type { Hlc } from "../core/hlc";
import { sameValue } from "../core/merge-rows";
import { type RowByTable, TABLES, type TableName, tableDef } from "../core/tables";
import type { DomusDb } from "./db";
import { getMeta } from "./meta";
import { rowsOf, writeStores } from "./outbox";
import { preferenceId } from "./preference-id";
import { uuidv7 } from "./uuid";

/** Who owns new rows: the signed-in user and household, or `LOCAL_OWNER` before any sign-in. */
export interface Owner {
  userId: string;
  householdId: string;
}

/** Placeholder owner of local-only rows; the server assigns the real owner when they are adopted and pushed. */
export const LOCAL_OWNER: Owner = { userId: "local", householdId: "local" };

type CommonColumn =
  "id" | "householdId" | "userId" | "createdAt" | "updatedAt" | "deletedAt" | "syncedAt" | "fieldUpdatedAt";

/** The fields of a table a user edits (everything but the common columns). */
export type EditableFields<T extends TableName> = Omit<RowByTable[T], CommonColumn>;

/** A value the table definition refuses (too long, wrong type, missing required field, unknown field). */
export class InvalidRowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRowError";
  }
}

export class RowNotFoundError extends Error {
  constructor(table: string, id: string) {
    super(`No ${table} row ${id} on this device.`);
    this.name = "RowNotFoundError";
  }
}

export interface RepositoryOptions {
  hlc: Hlc;
  owner: () => Owner;
  /** Id generator for new rows; UUID v7 by default. */
  newId?: () => string;
}

export interface Repository {
  /**
   * Creates a row (fields with defaults may be left out) and returns its id; `id` is one made by
   * `draft` beforehand, so a row shown before the write commits keeps its key.
   */
  add<T extends TableName>(table: T, fields: Partial<EditableFields<T>>, id?: string): Promise<string>;
  /**
   * The row `add` would write, built synchronously with a new id (or `id`, for a row whose id the
   * caller derives: see `put`) and a provisional stamp (the write stamps its own): validated, so a
   * refused value throws here, before anything is shown.
   */
  draft<T extends TableName>(table: T, fields: Partial<EditableFields<T>>, id?: string): RowByTable[T];
  /** Changes fields; only those whose value differs are stamped. Resolves to false when nothing changed. */
  update<T extends TableName>(table: T, id: string, patch: Partial<EditableFields<T>>): Promise<boolean>;
  /**
   * Writes a row whose id the caller derives (the same on every device, e.g. a chore's completion):
   * creates it, or updates it and undoes its delete. Resolves to the id.
   */
  put<T extends TableName>(table: T, id: string, fields: Partial<EditableFields<T>>): Promise<string>;
  /**
   * Runs `writes` (this repository's calls, on rows of `tables`) in one transaction: all or none, and
   * one change for live queries to show (a chore's completion and its task's `completedAt`).
   */
  together<R>(tables: readonly TableName[], writes: () => Promise<R>): Promise<R>;
  /** `put` of several rows in one transaction: all or none, and one change for live queries to show. */
  putMany<T extends TableName>(
    table: T,
    rows: readonly { id: string; fields: Partial<EditableFields<T>> }[],
  ): Promise<void>;
  /**
   * Soft-deletes rows in one transaction: all or none, and nothing else reads half of it. With
   * `restoreMany` on the same ids, "Clear checked" and its Undo act on one defined set.
   */
  removeMany(table: TableName, ids: readonly string[]): Promise<void>;
  /** Undoes `removeMany` in one transaction. */
  restoreMany(table: TableName, ids: readonly string[]): Promise<void>;
  /** Soft delete: sets `deletedAt`. */
  remove(table: TableName, id: string): Promise<void>;
  /** Undoes a delete with a newer timestamp, so it wins over the delete everywhere. */
  restore(table: TableName, id: string): Promise<void>;
  /** "mine": writes my lost value again (a new local change that syncs); "theirs": dismisses it. */
  resolveConflict(conflictId: string, choice: "mine" | "theirs"): Promise<void>;
  /** Sets a preference of the current user; one row per key, the same id on every device. */
  setPreference(key: string, value: unknown): Promise<string>;
}

function validate(table: TableDef, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    const def = table.fieldDefs[key];
    if (!def || key === "deletedAt") throw new InvalidRowError(`${table.name} has no editable field "${key}".`);
    const parsed = def.schema.safeParse(value);
    if (!parsed.success) {
      throw new InvalidRowError(`${table.name}.${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}.`);
    }
  }
}

function completeFields(table: TableDef, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of table.mergeFields) {
    const def = table.fieldDefs[key];
    if (!def) continue;
    if (key in fields && fields[key] !== undefined) out[key] = fields[key];
    else if (def.hasDefault) out[key] = def.defaultValue;
    else throw new InvalidRowError(`${table.name}.${key} is required.`);
  }
  return out;
}

export function createRepository(db: DomusDb, options: RepositoryOptions): Repository {
  const newId = options.newId ?? (() => uuidv7());

  /**
   * A stamp past this clock's last one and the database's (another tab may have written since), so
   * storing it as the database's clock afterwards never moves that backwards.
   */
  async function stamp(): Promise<string> {
    const stored = await getMeta(db, "hlc");
    if (stored) options.hlc.observe(stored);
    return options.hlc.now();
  }

  function newRow(id: string, values: Record<string, unknown>, ts: string): SyncedRow {
    const owner = options.owner();
    return {
      ...values,
      id,
      householdId: owner.householdId,
      userId: owner.userId,
      createdAt: ts,
      updatedAt: ts,
      syncedAt: null,
      fieldUpdatedAt: Object.fromEntries(Object.keys(values).map((k) => [k, ts])),
    } as SyncedRow;
  }

  async function insert(table: TableName, id: string, fields: Record<string, unknown>): Promise<void> {
    const def = tableDef(table);
    validate(def, fields);
    const values = completeFields(def, fields);
    // The change-tracking middleware records the stamped row in the outbox and stores the clock.
    await db.transaction("rw", writeStores(db, table), async () => {
      await rowsOf(db, table).add(newRow(id, values, await stamp()));
    });
  }

  /**
   * Writes changed fields of an existing row (the middleware adds its outbox entry in the same transaction). `patch` may be
   * a function of the write's stamp (a delete records its own time as `deletedAt`).
   */
  async function write(
    table: TableName,
    id: string,
    patch: Record<string, unknown> | ((ts: string) => Record<string, unknown>),
  ): Promise<boolean> {
    const def = tableDef(table);
    return db.transaction("rw", writeStores(db, table), async () => {
      const row = await rowsOf(db, table).get(id);
      if (!row) throw new RowNotFoundError(table, id);
      const ts = await stamp();
      const values = typeof patch === "function" ? patch(ts) : patch;
      const changed = Object.entries(values).filter(([k, v]) => v !== undefined && !sameValue(def, k, row[k], v));
      if (changed.length === 0) return false;
      const next: SyncedRow = { ...row, fieldUpdatedAt: { ...row.fieldUpdatedAt }, updatedAt: ts };
      for (const [k, value] of changed) {
        next[k] = value;
        next.fieldUpdatedAt[k] = ts;
      }
      // Stamped fields are what the change-tracking middleware records in the outbox.
      await rowsOf(db, table).put(next);
      return true;
    });
  }

  return {
    async add(table, fields, id = newId()) {
      await insert(table, id, fields as Record<string, unknown>);
      return id;
    },
    draft(table, fields, id) {
      const def = tableDef(table);
      validate(def, fields as Record<string, unknown>);
      const values = completeFields(def, fields as Record<string, unknown>);
      return newRow(id ?? newId(), values, options.hlc.now()) as RowByTable[typeof table];
    },
    async update(table, id, patch) {
      validate(tableDef(table), patch as Record<string, unknown>);
      return write(table, id, patch as Record<string, unknown>);
    },
    async put(table, id, fields) {
      const values = fields as Record<string, unknown>;
      validate(TABLES[table] as TableDef, values);
      await db.transaction("rw", writeStores(db, table), async () => {
        if (await rowsOf(db, table).get(id)) await write(table, id, { ...values, deletedAt: null });
        else await insert(table, id, values);
      });
      return id;
    },
    async together(tables, writes) {
      const stores = [...new Set(tables.flatMap((t) => writeStores(db, t)))];
      return db.transaction("rw", stores, writes);
    },
    async putMany(table, rows) {
      await db.transaction("rw", writeStores(db, table), async () => {
        for (const row of rows) await this.put(table, row.id, row.fields);
      });
    },
    async removeMany(table, ids) {
      await db.transaction("rw", writeStores(db, table), async () => {
        for (const id of ids) await write(table, id, (ts) => ({ deletedAt: ts }));
      });
    },
    async restoreMany(table, ids) {
      await db.transaction("rw", writeStores(db, table), async () => {
        for (const id of ids) await write(table, id, { deletedAt: null });
      });
    },
    async remove(table, id) {
      await write(table, id, (ts) => ({ deletedAt: ts }));
    },
    async restore(table, id) {
      await write(table, id, { deletedAt: null });
    },
    async resolveConflict(conflictId, choice) {
      await db.transaction("rw", [db.conflicts, db.outbox, db.meta, ...Object.keys(TABLES)], async () => {
        const conflict = await db.conflicts.get(conflictId);
        if (!conflict || conflict.resolved) return;
        if (choice === "mine") await write(conflict.table, conflict.rowId, { [conflict.field]: conflict.mine.value });
        await db.conflicts.put({ ...conflict, resolved: true, resolution: choice });
      });
    },
    async setPreference(key, value) {
      const owner = options.owner();
      const id = preferenceId(owner.userId, key);
      validate(tableDef("preferences"), { key, value });
      const exists = await db.preferences.get(id);
      if (exists) await write("preferences", id, { key, value, deletedAt: null });
      else await insert("preferences", id, { key, value });
      return id;
    },
  };
}
