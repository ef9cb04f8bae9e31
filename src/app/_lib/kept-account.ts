"use client";

import { useSyncExternalStore } from "react";

// After "Sign out, keep this device's data" the account's rows stay in its own database, which only
// opens when that account signs in again. The screens then look empty; this record lets them say where
// the data is and how to get it back instead of "No tasks yet".

export interface KeptAccount {
  name: string;
  email: string;
  household: string;
}

const KEY = "domus.keptAccount";
const listeners = new Set<() => void>();

export function setKeptAccount(account: KeptAccount | null): void {
  try {
    if (account) window.localStorage.setItem(KEY, JSON.stringify(account));
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the notice is a courtesy, nothing depends on it.
  }
  for (const l of listeners) l();
}

let cachedRaw: string | null = null;
let cached: KeptAccount | null = null;

function read(): KeptAccount | null {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    try {
      cached = raw ? (JSON.parse(raw) as KeptAccount) : null;
    } catch {
      cached = null;
    }
  }
  return cached;
}

export function useKeptAccount(): KeptAccount | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    read,
    () => null,
  );
}
