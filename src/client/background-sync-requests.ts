import { type BackgroundEnvironment, defaultEnvironment } from "./background";
import { BACKGROUND_SYNC_TAG } from "./background-sync";
import type { DomusDb } from "./db";
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

/**
 * Asks the browser to run the service worker's sync (Background Sync): at once when online, else as
 * soon as there is a network, even if every tab has closed by then. A request while one is pending is
 * the same request (one tag). Resolves true when the browser accepted it, false where it cannot
 * (no Background Sync, no active worker yet, or the user blocked it).
 */
export async function requestBackgroundSync(
  syncManager: () => Promise<SyncManagerLike | null> = browserSyncManager,
): Promise<boolean> {
  try {
    const manager = await syncManager();
    if (!manager) return false;
    await manager.register(BACKGROUND_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
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
 * Asks for a Background Sync when changes wait to go out with no local write to hand them off: at
 * once for changes left from an earlier visit, and when the page is hidden (the tab may be closing).
 * Each local write is handed off by the sync engine itself (`handOff`). Returns the function that
 * stops asking.
 */
export function requestBackgroundSyncs(options: BackgroundSyncRequestOptions): () => void {
  const syncManager = options.syncManager ?? browserSyncManager;
  const document = options.document ?? defaultEnvironment().document;
  let stopped = false;
  const request = () => {
    // Refused (no active worker yet, or the user blocked it): the page's own sync remains.
    if (!stopped && options.enabled()) void requestBackgroundSync(syncManager);
  };
  // Changes left from an earlier visit (written offline, then the tab closed before any request).
  void countOutbox(options.db).then(
    ({ pending }) => {
      if (pending > 0) request();
    },
    () => undefined,
  );
  const onVisibility = () => {
    if (document?.visibilityState === "hidden" && options.hasPending()) request();
  };
  document?.addEventListener("visibilitychange", onVisibility);
  return () => {
    stopped = true;
    document?.removeEventListener("visibilitychange", onVisibility);
  };
}
