"use client";

import { useEffect, useState } from "react";
import { api } from "./api";

/** How often the household page asks who is connected (one hub call, no D1). */
const REFRESH_MS = 15_000;

/**
 * Device counts by member id of who has Domus open and live now, refreshed while the page is shown;
 * null until known or when the server cannot say (offline).
 */
export function usePresence(enabled: boolean): Map<string, number> | null {
  const [devices, setDevices] = useState<Map<string, number> | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () => {
      if (document.visibilityState !== "visible") return;
      api.presence().then(
        (p) => live && setDevices(new Map(p.members.map((m) => [m.userId, m.devices]))),
        () => live && setDevices(null),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    document.addEventListener("visibilitychange", load);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", load);
    };
  }, [enabled]);
  return devices;
}
