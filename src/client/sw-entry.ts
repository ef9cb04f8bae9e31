/**
 * The service worker's Background Sync, bundled by scripts/build-sw.mjs into public/sw-sync.js as the
 * global `domusSync`; public/sw.js imports it and answers a `sync` event tagged `domusSync.tag` with
 * `event.waitUntil(domusSync.run())`. It runs the client's own sync engine, not a copy of it.
 */
import { BACKGROUND_SYNC_TAG, syncActiveAccount, worthRetrying } from "./background-sync";

export const tag = BACKGROUND_SYNC_TAG;
export { PERIODIC_SYNC_TAG as periodicTag } from "./periodic-sync";

/** Syncs the active account once. Rejects when the browser should try again later (offline, server error). */
export async function run(): Promise<void> {
  const outcome = await syncActiveAccount();
  if (worthRetrying(outcome)) throw new Error(`Domus background sync failed: ${outcome?.error ?? "unknown error"}`);
}
