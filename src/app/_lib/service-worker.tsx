"use client";

import { useEffect } from "react";

/**
 * Registers public/sw.js so the app shell opens offline (production builds only: a cached dev bundle
 * would fight hot reloading). After each online page load it asks the worker to refresh its copy of
 * every route, so pages never visited on this device still open offline.
 */
export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        if (navigator.onLine) reg.active?.postMessage({ type: "warm" });
      })
      .catch((err: unknown) => console.warn("Domus: offline support is unavailable", err));
  }, []);
  return null;
}
