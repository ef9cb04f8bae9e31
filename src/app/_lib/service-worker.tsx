"use client";

import { useEffect } from "react";

/**
 * Registers /sw.js (built from src/service-worker/sw.js with the build's precache manifest) so the
 * app shell opens offline, every prerendered route included (production builds only: a cached dev
 * bundle would fight hot reloading).
 */
export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .catch((err: unknown) => console.warn("Domus: offline support is unavailable", err));
  }, []);
  return null;
}
