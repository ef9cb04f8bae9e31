import type { TableName } from "../core/tables";
import type { DomusDb, StampedValue } from "./db";

/** Who this database belongs to (absent in the local-only database). */
export interface AccountInfo {
  userId: string;
  email: string;
  name: string;
  householdId: string;
  householdName: string;
}

export interface SyncSettings {
  /** Sync in the background (after local changes, on an interval, when back online or visible). */
  autoSync: boolean;
  intervalMs: number;
  /** Keep a live connection so other devices' changes arrive at once (the interval stays as a fallback). */
  live: boolean;
}

/** The seed's "last sync timestamp per table": when this device last pushed and pulled it successfully. */
export interface TableSyncTimes {
  lastPushAt: string | null;
  lastPullAt: string | null;
}

export interface MetaValues {
  /** The server's pull cursor; null before the first pull. */
  cursor: string | null;
  /** The last HLC timestamp issued or observed, so the clock never runs backwards across reloads. */
  hlc: string | null;
  account: AccountInfo | null;
  settings: SyncSettings;
  /** Identifies this device's database to the server (`clientId` of push). */
  clientId: string | null;
  tableSync: Partial<Record<TableName, TableSyncTimes>>;
  /** When the last sync completed without error. */
  lastSyncAt: string | null;
  /** The server purged deletes this device has not seen: download everything again. */
  resync: boolean;
  /** Set when this device dropped a household's data because the account is no longer in it. */
  departure: Departure | null;
  /** The number of this device's last push request (protocol v2 idempotent pushes). */
  pushSeq: number;
  /**
   * The push sent and not yet answered, kept so a retry after a lost answer resends the very same
   * request (same number, same body) and the server answers it from its record instead of merging it
   * again. Written before the request leaves, cleared in the transaction that applies the answer.
   */
  inflightPush: InflightPush | null;
}

/** Why this device dropped a household's data (household-change.ts), until the user has read it. */
export interface Departure {
  reason: "left" | "removed" | "joined_another" | "unknown";
  householdName: string | null;
  message: string;
  at: string;
}

/** One row as pushed: its outbox key and the field values the push carried. */
export interface SentRow {
  key: string;
  rowId: string;
  fields: Record<string, StampedValue>;
}

export interface InflightPush {
  seq: number;
  changes: Record<string, Record<string, unknown>[]>;
  sent: [TableName, SentRow[]][];
}

export const DEFAULT_SETTINGS: SyncSettings = { autoSync: true, intervalMs: 60_000, live: true };

const DEFAULTS: MetaValues = {
  cursor: null,
  hlc: null,
  account: null,
  settings: DEFAULT_SETTINGS,
  clientId: null,
  tableSync: {},
  lastSyncAt: null,
  resync: false,
  departure: null,
  pushSeq: 0,
  inflightPush: null,
};

export async function getMeta<K extends keyof MetaValues>(db: DomusDb, key: K): Promise<MetaValues[K]> {
  const record = await db.meta.get(key);
  return record === undefined ? DEFAULTS[key] : (record.value as MetaValues[K]);
}

export async function setMeta<K extends keyof MetaValues>(db: DomusDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

/** Records the owner of a user database after sign-in or sign-up. */
export async function saveAccount(db: DomusDb, account: AccountInfo): Promise<void> {
  await setMeta(db, "account", account);
}

/** Records the account only when it changed (a meta write wakes every live query); returns the stored one. */
export async function ensureAccount(db: DomusDb, account: AccountInfo): Promise<AccountInfo> {
  const stored = await getMeta(db, "account");
  if (JSON.stringify(stored) !== JSON.stringify(account)) await saveAccount(db, account);
  return account;
}

export async function getSettings(db: DomusDb): Promise<SyncSettings> {
  return { ...DEFAULT_SETTINGS, ...(await getMeta(db, "settings")) };
}

export async function saveSettings(db: DomusDb, patch: Partial<SyncSettings>): Promise<SyncSettings> {
  const next = { ...(await getSettings(db)), ...patch };
  await setMeta(db, "settings", next);
  return next;
}

/** Moves the stored HLC forward to `ts` (never back). Call inside the transaction of the write. */
export async function advanceStoredHlc(db: DomusDb, ts: string): Promise<void> {
  const last = await getMeta(db, "hlc");
  if (last === null || ts > last) await setMeta(db, "hlc", ts);
}

/** Marks tables as pushed or pulled at `at`. */
export async function markTables(
  db: DomusDb,
  tables: readonly TableName[],
  kind: keyof TableSyncTimes,
  at: string,
): Promise<void> {
  const times = await getMeta(db, "tableSync");
  const next = { ...times };
  for (const t of tables) next[t] = { lastPushAt: null, lastPullAt: null, ...times[t], [kind]: at };
  await setMeta(db, "tableSync", next);
}
