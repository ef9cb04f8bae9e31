"use client";

import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { SessionResponse } from "@/core/protocol";
import { api } from "./api";
import { storeSession, useStoredSession, type StoredSession } from "./session";

interface DomusContextValue {
  /** undefined until the browser has been asked (first render), then the account or null (local only). */
  session: StoredSession | null | undefined;
  onSignedIn(session: SessionResponse): Promise<void>;
  signOut(options: { keepData: boolean }): Promise<void>;
}

const DomusContext = createContext<DomusContextValue | null>(null);

export function DomusProvider({ children }: { children: ReactNode }) {
  const session = useStoredSession();

  const onSignedIn = useCallback(async (next: SessionResponse) => {
    storeSession(next);
  }, []);

  const signOut = useCallback(async (_options: { keepData: boolean }) => {
    await api.logout().catch(() => undefined);
    storeSession(null);
  }, []);

  const value = useMemo(() => ({ session, onSignedIn, signOut }), [session, onSignedIn, signOut]);
  return <DomusContext.Provider value={value}>{children}</DomusContext.Provider>;
}

export function useDomus(): DomusContextValue {
  const ctx = useContext(DomusContext);
  if (!ctx) throw new Error("useDomus must be used inside <DomusProvider>");
  return ctx;
}
