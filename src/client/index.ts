/**
 * The Domus client: the Dexie store with its change tracking, and the sync engine. No React here;
 * the UI reads a table's rows from `liveTable` (held in memory, kept current by the writes themselves)
 * or other data with `useLiveQuery` straight from the database, and writes through the repository
 * (validated, stamped). Every write to a synced table is tracked for sync whoever makes it: a DBCore
 * middleware records it in the outbox in the same transaction (change-tracking.ts).
 * - rows: `const { table, release } = liveTable(db, "tasks")`; `table.rows`, `table.subscribe(render)`
 * - conflict inbox: `db.conflicts.filter((c) => !c.resolved).toArray()`, then `repo.resolveConflict(id, "mine" | "theirs")`
 * - rows the server refused: `db.outbox.where("status").equals("rejected").toArray()` (`reason` says why)
 * - sync badge / button / progress bar: `engine.subscribe(setState)`, `engine.state`, `engine.sync()`
 *
 * Opening (the app, the service worker and the tests all use `openClient`, never their own wiring):
 * ```ts
 * const { db, repo, engine, close } = await openClient({ userId: account?.userId ?? null, account });
 * const off = engine.subscribe(render);                   // browser: cookie auth, same origin
 * if ((await getSettings(db)).autoSync) engine.start();   // background sync
 * // Signed in: the service worker may sync this database after the tab closes (Background Sync).
 * await setActiveAccount({ userId: account.userId });
 * const stopAsking = requestBackgroundSyncs({ db, hasPending: () => engine.state.pending > 0, enabled: () => true });
 * // later: stopAsking(); close();
 * ```
 * Sign-in/up: `createApi().login(…)`, open `userDbName(user.id)`, `saveAccount(userDb, …)`,
 * then `adoptLocalData(localDb, userDb)` if the local database has rows, then `loadHlc(userDb)`.
 * Sign-out: `createApi().logout()`, `setActiveAccount(null)`, then `clearDevice(db)` if the user
 * chooses to clear this device, else just close it. A 401 during sync sets status `unauthorized` and keeps every change.
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
  ensureAccount,
  getSettings,
  saveSettings,
  DEFAULT_SETTINGS,
  type AccountInfo,
  type SyncSettings,
  type TableSyncTimes,
  type MetaValues,
} from "./meta";

// The one way to open the client: database, clock, repository and sync engine, wired once.
export { openClient, type OpenClientOptions, type DomusClient, type EngineTuning } from "./open-client";

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

// Reading: a table's rows in memory, kept current by the writes (the pages' lists).
export { liveTable, liveRows, type LiveTable } from "./live-table";

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

// Background Sync: the page records the active account and asks the browser for a sync while changes
// wait; the service worker (sw-entry.ts, bundled on its own) runs the same engine when it fires.
export { setActiveAccount, getActiveAccount, type ActiveAccount } from "./active-account";
export {
  requestBackgroundSync,
  requestBackgroundSyncs,
  browserSyncManager,
  type BackgroundSyncRequestOptions,
  type SyncManagerLike,
} from "./background-sync-requests";
export { BACKGROUND_SYNC_TAG } from "./background-sync";
// Periodic Background Sync (installed PWA in Chromium): lists refreshed while the app is closed.
export { registerPeriodicSync, type PeriodicSyncSupport } from "./periodic-sync";
// The live channel: pokes over one WebSocket per account (see sync-engine `live`).
export type { LiveStatus, OpenSocket, WebSocketLike } from "./live";

// Accounts: the auth API, local data adoption on sign-up/sign-in, clearing a device.
export { createApi, type DomusApi, type RegisterInput, type SignedIn } from "./api";
export { exportFile, type ExportFile } from "./export-file";
export { ApiError, type ApiErrorCode, type Transport } from "./api-client";
export { adoptLocalData, clearDevice } from "./accounts";
export { switchHousehold } from "./household-change";
export { setMeta, type Departure } from "./meta";

export { preferenceId } from "./preference-id";
export { uuidv7 } from "./uuid";
export type { Task, TaskCompletion, ShoppingItem, Note, Preference, TableName, RowByTable } from "../core/tables";
