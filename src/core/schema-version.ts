import { COMMON_COLUMNS, type TableDef } from "./define-table";

/**
 * Versions a client declares with every sync request (docs/sync-protocol.md, "Versions").
 *
 * PROTOCOL_VERSION: the wire format. 1: per-field timestamp maps, no push numbers. 2: numbered
 * (idempotent) pushes and the versions below. 3: compact rows (stamps as an array in field order,
 * relative to the row's `updatedAt`, and who wrote each field: src/core/wire-row.ts). The server
 * answers each client in the form of the protocol it declares.
 *
 * SCHEMA_VERSION: the synced tables and fields this build knows. A server whose schema is newer than
 * a client's answers `upgrade_required` instead of sending rows the client would drop: the client
 * keeps its outbox and asks the person to reload. A request without a version is a v1 client, which
 * knows schema 1.
 */
export const PROTOCOL_VERSION = 3;
export const SCHEMA_VERSION = 4;

/** What a client of this build declares on every sync request. */
export const CURRENT_VERSIONS = { protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION } as const;

/**
 * The schema each version stands for. Any change to a synced table (a table, a field, a field's
 * storage type) changes the fingerprint, and schema-version.test.ts fails until SCHEMA_VERSION is
 * bumped and the new fingerprint recorded here.
 */
export const SCHEMA_FINGERPRINTS: Readonly<Record<number, string>> = {
  1: "tasks[title:TEXT,notes:TEXT,assigneeId:TEXT,dueDate:TEXT,completedAt:TEXT,deletedAt:TEXT];shoppingItems[name:TEXT,quantity:REAL,unit:TEXT,category:TEXT,checked:INTEGER,deletedAt:TEXT];notes[title:TEXT,body:TEXT,pinned:INTEGER,deletedAt:TEXT];preferences/user[key:TEXT,value:TEXT,deletedAt:TEXT]",
  // 2: repeating chores (tasks.repeat, tasks.rotation) and their completions.
  2: "tasks[title:TEXT,notes:TEXT,assigneeId:TEXT,dueDate:TEXT,completedAt:TEXT,repeat:TEXT,rotation:TEXT,deletedAt:TEXT];taskCompletions[taskId:TEXT,occurrence:TEXT,doneOn:TEXT,completedAt:TEXT,deletedAt:TEXT];shoppingItems[name:TEXT,quantity:REAL,unit:TEXT,category:TEXT,checked:INTEGER,deletedAt:TEXT];notes[title:TEXT,body:TEXT,pinned:INTEGER,deletedAt:TEXT];preferences/user[key:TEXT,value:TEXT,deletedAt:TEXT]",
  // 3: every synced row records who wrote each field's current value (the `writers` column).
  3: "tasks[title:TEXT,notes:TEXT,assigneeId:TEXT,dueDate:TEXT,completedAt:TEXT,repeat:TEXT,rotation:TEXT,deletedAt:TEXT];taskCompletions[taskId:TEXT,occurrence:TEXT,doneOn:TEXT,completedAt:TEXT,deletedAt:TEXT];shoppingItems[name:TEXT,quantity:REAL,unit:TEXT,category:TEXT,checked:INTEGER,deletedAt:TEXT];notes[title:TEXT,body:TEXT,pinned:INTEGER,deletedAt:TEXT];preferences/user[key:TEXT,value:TEXT,deletedAt:TEXT]|common:writers",
  // 4: shopping that follows the store (shoppingItems.listId, shoppingLists, shoppingCategories).
  4: "tasks[title:TEXT,notes:TEXT,assigneeId:TEXT,dueDate:TEXT,completedAt:TEXT,repeat:TEXT,rotation:TEXT,deletedAt:TEXT];taskCompletions[taskId:TEXT,occurrence:TEXT,doneOn:TEXT,completedAt:TEXT,deletedAt:TEXT];shoppingItems[name:TEXT,quantity:REAL,unit:TEXT,category:TEXT,checked:INTEGER,listId:TEXT,deletedAt:TEXT];shoppingLists[name:TEXT,deletedAt:TEXT];shoppingCategories[name:TEXT,sortKey:TEXT,deletedAt:TEXT];notes[title:TEXT,body:TEXT,pinned:INTEGER,deletedAt:TEXT];preferences/user[key:TEXT,value:TEXT,deletedAt:TEXT]|common:writers",
};

/** Common columns every synced row gained after schema 2, in the fingerprint from schema 3 on. */
const ADDED_COMMON_COLUMNS = ["writers"] as const;

export function schemaFingerprint(tables: readonly TableDef[]): string {
  const common = ADDED_COMMON_COLUMNS.filter((c) => (COMMON_COLUMNS as readonly string[]).includes(c));
  return (
    tables
      .map((t) => {
        const fields = t.mergeFields.map((f) => `${f}:${t.fieldDefs[f]?.sqlType ?? "?"}`).join(",");
        return `${t.name}${t.scope === "user" ? "/user" : ""}[${fields}]`;
      })
      .join(";") + (common.length > 0 ? `|common:${common.join(",")}` : "")
  );
}

/**
 * Why a client newer than this server (its protocol or schema past ours, as while a deploy rolls
 * out) must wait before syncing, or null. Read from the raw body, before it is validated against
 * tables this server may not know yet.
 */
export function newerClientProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const { protocol, schema } = body as { protocol?: unknown; schema?: unknown };
  const newer =
    (typeof protocol === "number" && protocol > PROTOCOL_VERSION) ||
    (typeof schema === "number" && schema > SCHEMA_VERSION);
  return newer
    ? "Domus is being updated, and this server is still on the previous version. Your changes are kept on this device and will sync in a moment."
    : null;
}

/** Why a client of this schema version must reload before syncing, or null when it may sync. */
export function upgradeProblem(clientSchema: number | undefined): string | null {
  const schema = clientSchema ?? 1;
  if (schema >= SCHEMA_VERSION) return null;
  return "A new version of Domus is ready: reload to keep syncing. Your changes are kept on this device.";
}
