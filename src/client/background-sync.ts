import { type DeviceDbOptions, getActiveAccount } from "./active-account";
import type { Transport } from "./api-client";
import type { LockManagerLike } from "./lock";
import { getSettings } from "./meta";
import { openClient } from "./open-client";
import type { SyncOutcome } from "./sync-state";

/** The Background Sync tag the page registers and public/sw.js answers. */
export const BACKGROUND_SYNC_TAG = "domus-sync";

export interface SyncActiveAccountOptions extends Transport, DeviceDbOptions {
  /** `navigator.locks` by default: the page's engine takes the same lock, so the two never overlap. */
  locks?: LockManagerLike;
}

/**
 * One sync of the active account's database, run by the service worker on a Background Sync event
 * with the page's own client (`openClient`: same database wiring, push, pull and lock). Resolves to null when there is nothing to
 * sync: no account is signed in, its database is not that account's, or automatic sync is off.
 */
export async function syncActiveAccount(options: SyncActiveAccountOptions = {}): Promise<SyncOutcome | null> {
  const active = await getActiveAccount(options);
  if (!active) return null;
  const client = await openClient({
    userId: active.userId,
    indexedDB: options.indexedDB,
    IDBKeyRange: options.IDBKeyRange,
    fetch: options.fetch,
    baseUrl: options.baseUrl,
    auth: options.auth,
    engine: { locks: options.locks },
  });
  try {
    if (client.account?.userId !== active.userId || !(await getSettings(client.db)).autoSync) return null;
    return await client.engine.sync();
  } finally {
    client.close();
  }
}

/**
 * Whether the browser should fire the event again later: the network or the server failed. Not after
 * a 401: only a new sign-in helps, and the page syncs after it.
 */
export function worthRetrying(outcome: SyncOutcome | null): boolean {
  return outcome?.status === "offline" || outcome?.status === "error";
}
