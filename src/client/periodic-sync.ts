/** The Periodic Background Sync tag the page registers and public/sw.js answers. */
export const PERIODIC_SYNC_TAG = "domus-refresh";

/** How often the browser may refresh the lists while the app is closed (it decides; this is a floor). */
export const PERIODIC_SYNC_MIN_INTERVAL_MS = 12 * 60 * 60 * 1000;

interface PeriodicSyncManagerLike {
  register(tag: string, options: { minInterval: number }): Promise<void>;
  unregister(tag: string): Promise<void>;
}

export type PeriodicSyncSupport = "registered" | "not-installed" | "unsupported";

function periodicSyncOf(registration: ServiceWorkerRegistration): PeriodicSyncManagerLike | null {
  const manager = (registration as { periodicSync?: unknown }).periodicSync;
  return manager && typeof (manager as PeriodicSyncManagerLike).register === "function"
    ? (manager as PeriodicSyncManagerLike)
    : null;
}

/**
 * Asks the browser to refresh the lists now and then while the app is closed (Periodic Background
 * Sync: Chromium, installed PWA only; the permission is granted by installing). Elsewhere the lists
 * refresh when the app opens, and the settings say so.
 */
export async function registerPeriodicSync(enabled: boolean): Promise<PeriodicSyncSupport> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return "unsupported";
  const registration = await navigator.serviceWorker.getRegistration();
  const manager = registration && periodicSyncOf(registration);
  if (!manager) return "unsupported";
  if (!enabled) {
    await manager.unregister(PERIODIC_SYNC_TAG).catch(() => undefined);
    return "registered";
  }
  const permission = await navigator.permissions
    .query({ name: "periodic-background-sync" as PermissionName })
    .catch(() => null);
  if (permission?.state !== "granted") return "not-installed";
  await manager.register(PERIODIC_SYNC_TAG, { minInterval: PERIODIC_SYNC_MIN_INTERVAL_MS });
  return "registered";
}
