/**
 * The Domus client: the Dexie store with its change tracking, and the sync engine. No React here;
 * the UI reads tables with `useLiveQuery(() => db.tasks.filter((t) => t.deletedAt === null).toArray())`
 * and writes only through the repository, so every change is tracked for sync.
 *
 * Typical wiring:
 * ```ts
 * const db = openDomusDb({ name: account ? userDbName(account.userId) : LOCAL_DB_NAME });
 * const hlc = await loadHlc(db);
 * const repo = createRepository(db, { hlc, owner: () => account ?? LOCAL_OWNER });
 * const engine = createSyncEngine({ db, hlc });           // browser: cookie auth, same origin
 * engine.subscribe((s) => render(s));  engine.start();     // background sync
 * ```
 * Sign-in after local-only use: `saveAccount(userDb, …)`, then `adoptLocalData(localDb, userDb)`.
 * Sign-out: `clearDevice(db)` when the user chooses to clear this device, else just close it.
 */

// Database: synced stores derived from src/core/tables.ts, plus outbox, meta and conflicts.
export {
  openDomusDb,
  LOCAL_DB_NAME,
  userDbName,
  type DomusDb,
  type OpenDomusDbOptions,
  type OutboxEntry,
  type ConflictRecord,
  type ConflictSide,
  type StampedValue,
} from "./db";

// Meta: account of the database, sync settings, per-table last push/pull times, cursor.
export {
  getMeta,
  saveAccount,
  getSettings,
  saveSettings,
  DEFAULT_SETTINGS,
  type AccountInfo,
  type SyncSettings,
  type TableSyncTimes,
  type MetaValues,
} from "./meta";

// The device clock (HLC), resumed from the database.
export { loadHlc } from "./clock";

// Writes: every write stamps the changed fields and records them in the outbox in one transaction.
export {
  createRepository,
  LOCAL_OWNER,
  InvalidRowError,
  RowNotFoundError,
  type Repository,
  type RepositoryOptions,
  type Owner,
  type EditableFields,
} from "./repository";

// Sync: push, pull, conflicts, progress, background scheduling, one sync at a time across tabs.
export {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineOptions,
  type BackgroundOptions,
  type LockManagerLike,
} from "./sync-engine";
export type { BackgroundEnvironment } from "./background";
export type { SyncState, SyncStatus, SyncProgress, SyncOutcome } from "./sync-state";

// Accounts: the auth API, local data adoption on sign-up/sign-in, clearing a device.
export { createAccountApi, type AccountApi, type SignedIn } from "./account-api";
export { ApiError, NetworkError, type Transport } from "./api-client";
export { adoptLocalData, clearDevice } from "./accounts";

export { preferenceId } from "./preference-id";
export { uuidv7 } from "./uuid";
export type { Task, ShoppingItem, Note, Preference, TableName, RowByTable } from "../core/tables";
