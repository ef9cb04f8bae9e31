"use client";

import {
  type DomusDb,
  type Repository,
  type SyncEngine,
  type SyncSettings,
  type SyncState,
  LOCAL_DB_NAME,
  adoptLocalData,
  clearDevice,
  openDomusDb,
  saveSettings,
  setActiveAccount,
  switchHousehold,
  getMeta,
  userDbName,
} from "@/client";
import type { SessionResponse } from "@/core/protocol";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { showToast } from "../_ui/toasts";
import { api } from "./api";
import { stopPushOnThisDevice } from "./push-device";
import { setKeptAccount } from "./kept-account";
import { storeSession, useStoredSession, type StoredSession } from "./session";
import { accountOf, applySettings, ensureAccount, openWorkspace, workspaceKey, type Workspace } from "./workspace";

interface DomusContextValue {
  /** undefined until the browser has been asked (first render), then the account or null (local only). */
  session: StoredSession | null | undefined;
  /** The open database and its repository; null while opening. */
  db: DomusDb | null;
  repo: Repository | null;
  engine: SyncEngine | null;
  settings: SyncSettings | null;
  syncNow(): void;
  updateSettings(patch: Partial<SyncSettings>): Promise<void>;
  /** After sign-in or sign-up: moves this device's local-only data into the account, then switches to it. */
  onSignedIn(session: SessionResponse): Promise<void>;
  signOut(options: { keepData: boolean }): Promise<void>;
}

const OPENING: SyncState = {
  status: "idle",
  pending: 0,
  rejected: 0,
  lastSyncAt: null,
  error: null,
  progress: null,
  conflicts: 0,
  retryAt: null,
  live: false,
};
const LOCAL: SyncState = { ...OPENING, status: "local-only" };

const DomusContext = createContext<DomusContextValue | null>(null);
const noop = () => () => undefined;
function subscribeOnline(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function DomusProvider({ children }: { children: ReactNode }) {
  const session = useStoredSession();
  const [ws, setWs] = useState<Workspace | null>(null);
  const wsRef = useRef<Workspace | null>(null);
  // The household is part of the key: after a household change the repository stamps the new one.
  const key = session === undefined ? null : `${workspaceKey(session)}|${session?.household.id ?? ""}`;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  // One workspace per account database: opened when the signed-in account changes, closed after.
  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    let opened: Workspace | null = null;
    openWorkspace(sessionRef.current ?? null)
      .then((w) => {
        opened = w;
        if (cancelled) w.close();
        else {
          wsRef.current = w;
          setWs(w);
        }
      })
      .catch((err: unknown) => {
        console.error("Domus: could not open the local database", err);
        showToast("This browser would not open Domus's local storage. Private mode may block it.", { tone: "error" });
      });
    return () => {
      cancelled = true;
      opened?.close();
      wsRef.current = null;
      setWs(null);
    };
  }, [key]);

  // Refresh who we are (the household may have been renamed) when the server can be reached.
  useEffect(() => {
    if (!session) return;
    api.me().then(
      (fresh) => {
        // Signed out (null): the next sync says so.
        if (!fresh || fresh.user.id !== session.user.id) return;
        // Another household now: the sync's household_changed answer drops the old data first.
        if (fresh.household.id !== session.household.id) {
          wsRef.current?.engine.sync().catch(() => undefined);
          return;
        }
        if (JSON.stringify(accountOf(fresh)) !== JSON.stringify(accountOf(session))) {
          storeSession(fresh);
          if (wsRef.current) void ensureAccount(wsRef.current.db, accountOf(fresh));
        }
      },
      () => undefined, // Offline or signed out: the sync indicator says so.
    );
  }, [session]);

  const engine = ws?.engine ?? null;
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  useEffect(() => setSettings(ws?.settings ?? null), [ws]);

  const syncNow = useCallback(() => {
    const w = wsRef.current;
    if (!w) return;
    w.engine.sync().catch((err: unknown) => console.error("Domus: sync failed", err));
  }, []);

  const updateSettings = useCallback(async (patch: Partial<SyncSettings>) => {
    const w = wsRef.current;
    if (!w) return;
    const next = await saveSettings(w.db, patch);
    w.settings = next;
    setSettings(next);
    applySettings(w.engine, next, sessionRef.current != null);
  }, []);

  const onSignedIn = useCallback(async (next: SessionResponse) => {
    setKeptAccount(null);
    const userDb = openDomusDb({ name: userDbName(next.user.id) });
    const localDb = openDomusDb({ name: LOCAL_DB_NAME });
    try {
      // Signed out while the account changed household: nothing of the old one stays.
      await switchHousehold(userDb, next.household, {
        reason: "unknown",
        householdName: (await getMeta(userDb, "account"))?.householdName ?? null,
        message: `Your account is now in ${next.household.name}.`,
        at: new Date().toISOString(),
      });
      await ensureAccount(userDb, accountOf(next));
      const moved = await adoptLocalData(localDb, userDb, {
        owner: { userId: next.user.id, householdId: next.household.id },
      });
      if (moved > 0)
        showToast(`Moved ${moved} item${moved === 1 ? "" : "s"} from this device into ${next.household.name}.`);
    } catch (err) {
      // Nothing is lost: the local-only database keeps its rows and adoption can run at the next sign-in.
      console.error("Domus: could not move local data into the account", err);
      showToast("Your items on this device could not be moved into the account yet. They are safe here.", {
        tone: "error",
      });
    } finally {
      localDb.close();
      userDb.close();
    }
    storeSession(next);
    // Signing in again to the open account (after its session expired): sync what waited meanwhile.
    const open = wsRef.current;
    if (open?.key === userDbName(next.user.id)) open.engine.sync().catch(() => undefined);
  }, []);

  const signOut = useCallback(async ({ keepData }: { keepData: boolean }) => {
    const was = sessionRef.current;
    // This browser must not show the next member's (or a signed-out member's) notifications.
    await stopPushOnThisDevice().catch(() => undefined);
    await api.logout().catch(() => undefined);
    setKeptAccount(
      keepData && was ? { name: was.user.name, email: was.user.email, household: was.household.name } : null,
    );
    // Before the database may go: the service worker must not sync (or recreate) it.
    await setActiveAccount(null).catch(() => undefined);
    const w = wsRef.current;
    if (w && !keepData) {
      w.close();
      await clearDevice(w.db);
    }
    storeSession(null);
  }, []);

  const value = useMemo<DomusContextValue>(
    () => ({
      session,
      db: ws?.db ?? null,
      repo: ws?.repo ?? null,
      engine,
      settings,
      syncNow,
      updateSettings,
      onSignedIn,
      signOut,
    }),
    [session, ws, engine, settings, syncNow, updateSettings, onSignedIn, signOut],
  );
  return <DomusContext.Provider value={value}>{children}</DomusContext.Provider>;
}

/**
 * What `select` picks of the engine's state, and whether the browser is online, each a subscription
 * of its own: a component re-renders only when its pick changes.
 */
function useEngineState<T>(select: (state: SyncState) => T, opening: T): { picked: T; online: boolean } {
  const { engine, session } = useDomus();
  const subscribe = useMemo(() => (engine ? engine.subscribe.bind(engine) : noop), [engine]);
  const fallback = session === null ? LOCAL : OPENING;
  const picked = useSyncExternalStore(
    subscribe,
    () => select(engine?.state ?? fallback),
    () => opening,
  );
  // The browser knows it is offline before the next sync attempt does: say so at once.
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  return { picked, online };
}

/** The status shown: "offline" when the browser is, unless sync is doing something else. */
const withOnline = (status: SyncState["status"], online: boolean): SyncState["status"] =>
  !online && (status === "idle" || status === "error") ? "offline" : status;

const whole = (state: SyncState) => state;
const statusOf = (state: SyncState) => state.status;

/**
 * The sync engine's state (status pill, pending changes), subscribed to by the few components that
 * show it (the shell's pill, the sync settings, the sign-out dialog). It changes with every local
 * write (pending 0 → 1 → 0) and every sync, so it is not provided by a context: a changed context
 * value makes React walk the whole tree below the provider for its consumers (~20,000 fibers on a
 * list of 1,000 rows, several milliseconds per change, in the frames after each tick and add).
 */
export function useSyncState(): SyncState {
  const { picked: engineState, online } = useEngineState(whole, OPENING);
  return useMemo<SyncState>(() => {
    const status = withOnline(engineState.status, online);
    return status === engineState.status ? engineState : { ...engineState, status };
  }, [online, engineState]);
}

/**
 * The sync status alone (idle, syncing, offline, …): a component that needs only this re-renders
 * when it changes, not on every count and progress step (the shell: its nav and banners).
 */
export function useSyncStatus(): SyncState["status"] {
  const { picked: status, online } = useEngineState(statusOf, OPENING.status);
  return withOnline(status, online);
}

export function useDomus(): DomusContextValue {
  const ctx = useContext(DomusContext);
  if (!ctx) throw new Error("useDomus must be used inside <DomusProvider>");
  return ctx;
}
