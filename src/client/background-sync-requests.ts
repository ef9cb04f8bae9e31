import { type BackgroundEnvironment, defaultEnvironment } from "./background";
import { BACKGROUND_SYNC_TAG } from "./background-sync";
import type { DomusDb } from "./db";
import { watchLocalChanges } from "./local-changes";
import { countOutbox } from "./outbox";

/** The part of a registration's SyncManager (Background Sync) the page uses. */
export interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

function hasSyncManager(
  registration: ServiceWorkerRegistration,
): registration is ServiceWorkerRegistration & { sync: SyncManagerLike } {
  if (!("sync" in registration)) return false;
  const sync = registration.sync;
  return typeof sync === "object" && sync !== null && "register" in sync && typeof sync.register === "function";
}

/** This page's Background Sync; null where the browser has none (Firefox, Safari) or no worker is registered. */
export async function browserSyncManager(): Promise<SyncManagerLike | null> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return registration && hasSyncManager(registration) ? registration.sync : null;
}

export interface BackgroundSyncRequestOptions {
  db: DomusDb;
  /** Whether changes wait to be pushed, known at once (the engine's live count): a closing page cannot wait. */
  hasPending: () => boolean;
  /** Read at each request: automatic sync may be turned off meanwhile. */
  enabled: () => boolean;
  /** `browserSyncManager` by default. */
  syncManager?: () => Promise<SyncManagerLike | null>;
  /** Source of `visibilitychange`; the browser's document by default. */
  document?: BackgroundEnvironment["document"];
}

/**
 * Asks the browser for a Background Sync whenever changes wait to go out: at once, after each local
 * write, and when the page is hidden (the tab may be closing). The browser then runs the service
 * worker's sync as soon as it has a network, even if every tab has closed by then. A request while
 * one is pending is the same request (one tag). Returns the function that stops asking.
 */
export function requestBackgroundSyncs(options: BackgroundSyncRequestOptions): () => void {
  const syncManager = options.syncManager ?? browserSyncManager;
  const document = options.document ?? defaultEnvironment().document;
  let stopped = false;
  const request = () => {
    if (stopped || !options.enabled()) return;
    syncManager()
      .then((manager) => manager?.register(BACKGROUND_SYNC_TAG))
      .catch(() => {
        // No active worker yet, or the user blocked background sync: the page's own sync remains.
      });
  };
  // Changes left from an earlier visit (written offline, then the tab closed before any request).
  void countOutbox(options.db).then(
    ({ pending }) => {
      if (pending > 0) request();
    },
    () => undefined,
  );
  const stopWatching = watchLocalChanges(options.db, request);
  const onVisibility = () => {
    if (document?.visibilityState === "hidden" && options.hasPending()) request();
  };
  document?.addEventListener("visibilitychange", onVisibility);
  return () => {
    stopped = true;
    stopWatching();
    document?.removeEventListener("visibilitychange", onVisibility);
  };
}
