import type { SyncEngine, SyncState } from "@/client";

// TEMPORARY: stands in while createSyncEngine is still a stub on main. Remove when it lands.
export function inertEngine(signedIn: boolean): SyncEngine {
  const state: SyncState = {
    status: signedIn ? "idle" : "local-only",
    pending: 0,
    rejected: 0,
    lastSyncAt: null,
    error: null,
    progress: null,
    conflicts: 0,
    retryAt: null,
  };
  return {
    state,
    sync: () =>
      Promise.resolve({
        status: signedIn ? "synced" : "local-only",
        pushed: 0,
        pulled: 0,
        conflicts: 0,
        rejected: 0,
        error: null,
      }),
    subscribe: () => () => undefined,
    start: () => undefined,
    stop: () => undefined,
    dispose: () => undefined,
  };
}
