import type {
  DBCore,
  DBCoreAddRequest,
  DBCoreMutateResponse,
  DBCorePutRequest,
  DBCoreTable,
  DBCoreTransaction,
  Dexie,
  Middleware,
  Table,
} from "dexie";
import type { SyncedRow } from "../core/define-table";
import { createHlc } from "../core/hlc";
import { sameValue } from "../core/merge-rows";
import { TABLE_NAMES, type TableName, isTableName, tableDef } from "../core/tables";
import { maxIso } from "../core/time";
import type { OutboxEntry, StampedValue } from "./db";

// Change tracking by construction, as Dexie Cloud does it: a DBCore middleware sees every mutation
// of a synced table, whoever makes it (the repository, a raw `db.shoppingItems.put`, `update`,
// `bulkPut`, `delete`), stamps the fields it changes and records them in the outbox in the same
// IndexedDB transaction. Writes of server rows (pull, push answers, adoption, a household switch)
// run in `untrackedTransaction`, so what came from the server is never sent back as a local change.

const SYNCED = new Set<string>(TABLE_NAMES);
const OUTBOX = "outbox";
const META = "meta";
/** The owner of rows written before any sign-in (repository's LOCAL_OWNER). */
const LOCAL = { userId: "local", householdId: "local" };

/** DBCore transactions whose writes are not local changes. */
const untracked = new WeakSet<object>();

/** Who is told of each committed local change, by database name (see `watchLocalChanges`). */
const watchers = new Map<string, Set<() => void>>();
/** Transactions that already tell the watchers when they commit. */
const telling = new WeakSet<object>();

/**
 * Calls `onChange` after each transaction of this JavaScript context that recorded a local change
 * in the database named `name` commits (in tests, every connection to it in this context). Told by
 * the middleware that records the change, not by watching the outbox: the sync of the service worker
 * or another tab writes the outbox several times per change (marks, answers), and a live query on it
 * woke every page to read it again each time. Their local changes are theirs to hand off. Returns the
 * function that stops.
 */
export function watchLocalChanges(name: string, onChange: () => void): () => void {
  let set = watchers.get(name);
  if (!set) watchers.set(name, (set = new Set()));
  const held = set;
  const listener = () => onChange();
  held.add(listener);
  return () => {
    held.delete(listener);
    if (held.size === 0 && watchers.get(name) === held) watchers.delete(name);
  };
}

/** Tells the watchers of `name` once `trans` commits (not if it aborts), once per transaction. */
function tellOnCommit(name: string, trans: DBCoreTransaction): void {
  if (telling.has(trans)) return;
  telling.add(trans);
  // The DBCore transaction at this level is IndexedDB's own (as `untrackedTransaction` relies on too).
  (trans as unknown as EventTarget).addEventListener("complete", () => {
    for (const listener of [...(watchers.get(name) ?? [])]) listener();
  });
}

/**
 * A read-write transaction whose writes to synced tables are not recorded: for rows that come from
 * the server (or are dropped with their outbox entries by the caller). Nested inside another
 * transaction it marks that whole transaction, so only nest it in transactions that are untracked too.
 */
export function untrackedTransaction<T>(
  db: Dexie,
  stores: readonly (Table | string)[],
  body: () => Promise<T>,
): Promise<T> {
  // An async scope function: Dexie then keeps the transaction's zone across the body's awaits.
  return db.transaction("rw", stores as (Table | string)[], async (tx) => {
    untracked.add(tx.idbtrans);
    return body();
  });
}

/** Marks a transaction (a database upgrade's) whose writes are not local changes. */
export function markUntracked(tx: { idbtrans: object }): void {
  untracked.add(tx.idbtrans);
}

export function outboxKey(table: TableName, rowId: string): string {
  return `${table}/${rowId}`;
}

interface Recorded {
  rowId: string;
  fields: Record<string, StampedValue>;
  isNew: boolean;
}

/** Adds changed fields to a row's entry; a new edit clears an earlier rejection (the user may have fixed it). */
function mergeEntry(table: TableName, existing: OutboxEntry | undefined, change: Recorded): OutboxEntry {
  const fields = { ...existing?.fields, ...change.fields };
  return {
    key: outboxKey(table, change.rowId),
    table,
    rowId: change.rowId,
    fields,
    isNew: existing?.isNew ?? change.isNew,
    status: "pending",
    reason: null,
    sent: existing?.sent ?? {},
    changedAt: maxIso(...Object.values(fields).map((f) => f.ts)),
  };
}

interface WriteContext {
  table: TableName;
  /** A fresh stamp for a field changed without one (one stamp per request). */
  stamp: () => string;
  owner: { userId: string; householdId: string };
}

/**
 * The row to store and the fields to record. A field is a local change when its stamp moved forward
 * (the repository stamps what it changes) or when its value changed without a newer stamp (a raw
 * write): that one gets a fresh stamp. A new row is completed (defaults, owner, stamps) and recorded
 * whole. IndexedDB's put replaces a row, but a synced row is always complete: a field left out keeps
 * its stored value.
 */
function stampRow(ctx: WriteContext, value: SyncedRow, old: SyncedRow | undefined): { row: SyncedRow; rec: Recorded } {
  const def = tableDef(ctx.table);
  const row: SyncedRow = { ...value, fieldUpdatedAt: { ...old?.fieldUpdatedAt, ...value.fieldUpdatedAt } };
  const fields: Record<string, StampedValue> = {};
  for (const f of def.mergeFields) {
    const fieldDef = def.fieldDefs[f];
    if (row[f] === undefined) {
      if (old) row[f] = old[f];
      else if (fieldDef?.hasDefault) row[f] = fieldDef.defaultValue;
    }
    if (row[f] === undefined) continue;
    const before = old ? (old.fieldUpdatedAt[f] ?? old.updatedAt) : "";
    const given = value.fieldUpdatedAt?.[f];
    if (given !== undefined && given > before) fields[f] = { value: row[f], ts: given };
    else if (!old || !sameValue(def, f, old[f], row[f])) {
      const ts = ctx.stamp();
      row.fieldUpdatedAt[f] = ts;
      fields[f] = { value: row[f], ts };
    }
  }
  const stamps = Object.values(fields).map((s) => s.ts);
  if (stamps.length > 0) row.updatedAt = maxIso(...stamps, ...(old ? [old.updatedAt] : []));
  if (!old) {
    row.createdAt ??= row.updatedAt;
    row.householdId ??= ctx.owner.householdId;
    row.userId ??= ctx.owner.userId;
    row.syncedAt ??= null;
  }
  return { row, rec: { rowId: row.id, fields, isNew: !old } };
}

function trackedTable(down: DBCore, downTable: DBCoreTable, name: string, now: () => number): DBCoreTable {
  const table = downTable.name as TableName;
  const outbox = down.table(OUTBOX);
  const meta = down.table(META);

  /** Writes `values` (rows) stamped, and their outbox entries and the clock's progress. */
  async function write(
    req: DBCoreAddRequest | DBCorePutRequest,
    trans: DBCoreTransaction,
    values: readonly SyncedRow[],
    options: { softDelete?: boolean } = {},
  ): Promise<DBCoreMutateResponse> {
    const ids = values.map((v) => v.id);
    const [olds, entries, clock, account] = await Promise.all([
      downTable.getMany({ trans, keys: ids }) as Promise<(SyncedRow | undefined)[]>,
      outbox.getMany({ trans, keys: ids.map((id) => outboxKey(table, id)) }) as Promise<(OutboxEntry | undefined)[]>,
      meta.get({ trans, key: "hlc" }) as Promise<{ value: string | null } | undefined>,
      meta.get({ trans, key: "account" }) as Promise<
        { value: { userId: string; householdId: string } | null } | undefined
      >,
    ]);
    const stored = clock?.value ?? null;
    const hlc = createHlc({ now, last: stored });
    let fresh: string | null = null;
    const ctx: WriteContext = {
      table,
      stamp: () => (fresh ??= hlc.now()),
      owner: account?.value ?? LOCAL,
    };
    // An add of an id that exists fails below: what it would have recorded is dropped with it.
    // A soft delete records the write's own stamp as `deletedAt`, as `repo.remove` does.
    const stamped = values.map((v, i) =>
      stampRow(
        ctx,
        options.softDelete ? { ...v, deletedAt: ctx.stamp() } : v,
        req.type === "add" ? undefined : olds[i],
      ),
    );
    // The values carry the whole truth now: the update specs below would describe the raw write.
    const rows = stamped.map((s) => s.row);
    const res = await downTable.mutate(
      req.type === "add" ? { type: "add", trans, values: rows } : { type: "put", trans, values: rows },
    );
    const changed: OutboxEntry[] = [];
    let latest = stored ?? "";
    stamped.forEach(({ rec }, i) => {
      if (res.failures[i] || Object.keys(rec.fields).length === 0) return;
      const entry = mergeEntry(table, entries[i], rec);
      changed.push(entry);
      if (entry.changedAt > latest) latest = entry.changedAt;
    });
    if (changed.length > 0) {
      await outbox.mutate({ type: "put", trans, values: changed });
      tellOnCommit(name, trans);
    }
    // The stored clock never moves back: another tab's stamps and the server's are in it.
    if (latest !== "" && latest !== stored)
      await meta.mutate({ type: "put", trans, values: [{ key: "hlc", value: latest }] });
    return res;
  }

  /** A delete of a synced row is a soft delete, as `repo.remove` does: other devices must learn of it. */
  async function softDelete(trans: DBCoreTransaction, keys: unknown[]): Promise<DBCoreMutateResponse> {
    const olds = (await downTable.getMany({ trans, keys })) as (SyncedRow | undefined)[];
    const live = olds.filter((r): r is SyncedRow => r !== undefined && r.deletedAt === null);
    if (live.length === 0) return { numFailures: 0, failures: {}, lastResult: undefined, results: [] };
    await write({ type: "put", trans, values: live }, trans, live, { softDelete: true });
    return { numFailures: 0, failures: {}, lastResult: undefined, results: [] };
  }

  return {
    ...downTable,
    async mutate(req) {
      const trans = req.trans;
      if (untracked.has(trans)) return downTable.mutate(req);
      switch (req.type) {
        case "add":
        case "put":
          return write(req, trans, req.values as SyncedRow[]);
        case "delete":
          return softDelete(trans, req.keys);
        case "deleteRange": {
          const { result } = await downTable.query({
            trans,
            values: false,
            query: { index: downTable.schema.primaryKey, range: req.range },
          });
          return softDelete(trans, result);
        }
      }
    },
  };
}

/**
 * The middleware `openDomusDb` installs on the database named `name`; `now` is the wall clock of
 * fresh stamps (tests skew it).
 */
export function changeTracking(name: string, now: () => number = Date.now): Middleware<DBCore> {
  return {
    stack: "dbcore",
    name: "DomusChangeTracking",
    create(down) {
      return {
        ...down,
        transaction(stores, mode, options) {
          // Every read-write transaction on a synced table can record into the outbox and the clock.
          const scope =
            mode === "readwrite" && stores.some((s) => SYNCED.has(s))
              ? [...new Set([...stores, OUTBOX, META])]
              : stores;
          return down.transaction(scope, mode, options);
        },
        table(table) {
          const downTable = down.table(table);
          return isTableName(table) ? trackedTable(down, downTable, name, now) : downTable;
        },
      };
    },
  };
}
