import type { Hlc } from "../core/hlc";
import type { Transport } from "./api-client";
import { loadHlc } from "./clock";
import { type DomusDb, LOCAL_DB_NAME, openDomusDb, userDbName } from "./db";
import { type AccountInfo, ensureAccount, getMeta } from "./meta";
import { LOCAL_OWNER, type Owner, type Repository, createRepository } from "./repository";
import { type SyncEngine, type SyncEngineOptions, createSyncEngine } from "./sync-engine";

/** How the sync engine is tuned; every field is optional and the browser's defaults fit the app. */
export type EngineTuning = Omit<SyncEngineOptions, "db" | "hlc" | keyof Transport>;

export interface OpenClientOptions extends Transport {
  /** Whose database: the signed-in user's (`userDbName`), or null for the local-only one. */
  userId: string | null;
  /**
   * The account as the server last described it, recorded in the database when it differs from the
   * stored one (a meta write wakes every live query). Left out, the stored account is used.
   */
  account?: AccountInfo | null;
  /** Injected IndexedDB (fake-indexeddb in tests); the browser's by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** The wall clock of the device's HLC (tests skew it); `Date.now` by default. */
  now?: () => number;
  engine?: EngineTuning;
}

/** One open account database with its clock, repository and sync engine. */
export interface DomusClient {
  db: DomusDb;
  hlc: Hlc;
  repo: Repository;
  engine: SyncEngine;
  /** The account stored in the database at open (null for the local-only database). */
  account: AccountInfo | null;
  /** Stops the engine and closes the database. Idempotent. */
  close(): void;
}

/**
 * The one way to open the client, used by the app, the service worker and the tests: the database
 * (change tracking installed), the clock resumed from it, the repository stamping the account's
 * owner, and the sync engine on the given transport. Background sync is not started here.
 */
export async function openClient(options: OpenClientOptions): Promise<DomusClient> {
  const db = openDomusDb({
    name: options.userId === null ? LOCAL_DB_NAME : userDbName(options.userId),
    indexedDB: options.indexedDB,
    IDBKeyRange: options.IDBKeyRange,
    now: options.now,
  });
  try {
    const account = options.account ? await ensureAccount(db, options.account) : await getMeta(db, "account");
    const hlc = await loadHlc(db, options.now);
    const owner: Owner =
      options.userId !== null && account ? { userId: account.userId, householdId: account.householdId } : LOCAL_OWNER;
    const repo = createRepository(db, { hlc, owner: () => owner });
    const engine = createSyncEngine({
      ...options.engine,
      db,
      hlc,
      now: options.engine?.now ?? options.now,
      fetch: options.fetch,
      baseUrl: options.baseUrl,
      auth: options.auth,
      householdId: options.householdId,
    });
    let closed = false;
    return {
      db,
      hlc,
      repo,
      engine,
      account: options.userId === null ? null : account,
      close() {
        if (closed) return;
        closed = true;
        engine.dispose();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
