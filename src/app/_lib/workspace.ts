import {
  type AccountInfo,
  type DomusDb,
  type Repository,
  type SyncEngine,
  type SyncSettings,
  LOCAL_DB_NAME,
  getSettings,
  openClient,
  registerPeriodicSync,
  requestBackgroundSync,
  requestBackgroundSyncs,
  setActiveAccount,
  userDbName,
} from "@/client";
import type { SessionResponse } from "@/core/protocol";
import type { StoredSession } from "./session";

export { ensureAccount } from "@/client";

/** One open account database with its repository and sync engine; the app holds exactly one. */
export interface Workspace {
  key: string;
  db: DomusDb;
  repo: Repository;
  engine: SyncEngine;
  settings: SyncSettings;
  close(): void;
}

export function accountOf(session: SessionResponse | StoredSession): AccountInfo {
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    householdId: session.household.id,
    householdName: session.household.name,
  };
}

export function workspaceKey(session: StoredSession | null): string {
  return session ? userDbName(session.user.id) : LOCAL_DB_NAME;
}

export function applySettings(engine: SyncEngine, settings: SyncSettings, signedIn: boolean): void {
  engine.stop();
  if (signedIn && settings.autoSync) engine.start({ intervalMs: settings.intervalMs });
}

export async function openWorkspace(session: StoredSession | null): Promise<Workspace> {
  const key = workspaceKey(session);
  const account = session ? accountOf(session) : null;
  const { db, repo, engine, close } = await openClient({
    userId: account?.userId ?? null,
    account,
    // A local write's push runs in the service worker (Background Sync), off this page's main thread.
    engine: account ? { handOff: () => requestBackgroundSync() } : undefined,
  });
  // The service worker syncs the account whose workspace is open here, after the tab closes too.
  await setActiveAccount(account && { userId: account.userId }).catch((err: unknown) =>
    console.warn("Domus: background sync will not know this account", err),
  );
  const settings = await getSettings(db);
  applySettings(engine, settings, account !== null);
  let closed = false;
  let stopSyncRequests: (() => void) | null = null;
  const workspace: Workspace = {
    key,
    db,
    repo,
    engine,
    settings,
    close() {
      if (closed) return;
      closed = true;
      stopSyncRequests?.();
      close();
    },
  };
  if (account) {
    registerPeriodicSync(settings.autoSync).catch((err: unknown) =>
      console.warn("Domus: lists will refresh when the app opens", err),
    );
    stopSyncRequests = requestBackgroundSyncs({
      db,
      hasPending: () => engine.state.pending > 0,
      enabled: () => workspace.settings.autoSync,
    });
  }
  return workspace;
}
