import { useSyncExternalStore } from "react";
import type { PublicHousehold, PublicUser, SessionResponse } from "@/core/protocol";

/**
 * The account this device last signed in with, kept in localStorage so the app can open the right
 * per-account database and show the household name offline, before (or without) asking the server.
 * The session itself stays in the HttpOnly cookie; this is only who we believe is signed in.
 */
export interface StoredSession {
  user: PublicUser;
  household: PublicHousehold;
}

const KEY = "domus.session";
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cachedValue: StoredSession | null = null;

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<StoredSession>;
    if (v.user && typeof v.user.id === "string" && v.household && typeof v.household.id === "string") {
      return { user: v.user, household: v.household };
    }
  } catch {
    // A corrupt entry is the same as no session.
  }
  return null;
}

function read(): StoredSession | null {
  const raw = window.localStorage.getItem(KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedValue = parse(raw);
  }
  return cachedValue;
}

export function storeSession(session: SessionResponse | null): void {
  if (session) window.localStorage.setItem(KEY, JSON.stringify({ user: session.user, household: session.household }));
  else window.localStorage.removeItem(KEY);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** `undefined` while rendering on the server (not known yet), then the stored session or null. */
export function useStoredSession(): StoredSession | null | undefined {
  return useSyncExternalStore(subscribe, read, () => undefined);
}
