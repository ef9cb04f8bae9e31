"use client";

import { useEffect, useRef } from "react";
import type { SyncState } from "@/client";
import { useSyncState } from "./domus-provider";
import { registerServiceWorker } from "./register-service-worker";

/**
 * How long a first download may hold the worker back. A household of 100,000 rows takes longer
 * than this on a slow phone; offline support then comes while the download still runs.
 */
const MOST_DEFERRED_MS = 30_000;

/**
 * Whether the service worker may install now: once this device has synced (now or on an earlier
 * visit), or when no download is running or can run (no account, offline, signed out, refused).
 * Its install fetches every prerendered page and every chunk of the build, and writes them to the
 * Cache Storage: on a new device that competed with the first download for the CPU and the disk,
 * and made it last 1.6x as long (docs/benchmarks.md, "Cold start: the service worker's install").
 */
export function mayInstallWorker(state: SyncState): boolean {
  return state.lastSyncAt !== null || (state.status !== "idle" && state.status !== "syncing");
}

/**
 * Registers /sw.js (built from src/service-worker/sw.js with the build's precache manifest) so the
 * app shell opens offline, every prerendered route included (production builds only: a cached dev
 * bundle would fight hot reloading). Rendered by the app's pages, not the sign-in pages: a new device
 * installs it after its first download (`mayInstallWorker`), at most `MOST_DEFERRED_MS` later.
 */
export function ServiceWorker() {
  const state = useSyncState();
  const registered = useRef(false);
  const ready = mayInstallWorker(state);
  useEffect(() => {
    if (registered.current) return;
    const register = () => {
      registered.current = true;
      void registerServiceWorker();
    };
    if (ready) return register();
    const timer = setTimeout(register, MOST_DEFERRED_MS);
    return () => clearTimeout(timer);
  }, [ready]);
  return null;
}
