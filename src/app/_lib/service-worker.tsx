"use client";

import { useEffect } from "react";

/** Registers public/sw.js (production builds only: a cached dev bundle would fight hot reloading). */
export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err: unknown) => {
      console.warn("Domus: offline support is unavailable", err);
    });
  }, []);
  return null;
}
