import { MAX_PULL_LIMIT } from "../core/protocol";
import type { Hlc } from "../core/hlc";
import { ApiError, type Transport } from "./api-client";
import type { DomusDb } from "./db";
import { getMeta, setMeta } from "./meta";
import { type PullReport, pullChanges } from "./pull";
import { type PushReport, pushOutbox } from "./push";
import type { SyncContext } from "./sync-context";
import type { SyncOutcome } from "./sync-state";
import type { StatusStore } from "./sync-status";
import { uuidv7 } from "./uuid";
import { dropHouseholdData } from "./household-change";

export interface RunSyncDeps {
  db: DomusDb;
  transport: Transport;
  hlc: Hlc;
  now: () => number;
  chunkSize: number;
  pullLimit: number | undefined;
  status: StatusStore;
  schemaVersion: number;
}

interface Failure {
  status: "offline" | "unauthorized" | "error" | "upgrade-required";
  error: string;
  retryAfterMs: number | null;
}

function describe(err: unknown): Failure {
  if (err instanceof ApiError && err.offline) return { status: "offline", error: err.message, retryAfterMs: null };
  if (err instanceof ApiError && err.code === "upgrade_required") {
    return { status: "upgrade-required", error: err.message, retryAfterMs: null };
  }
  if (err instanceof ApiError) {
    const status = err.status === 401 ? "unauthorized" : "error";
    return { status, error: err.message, retryAfterMs: err.retryAfterMs };
  }
  return { status: "error", error: err instanceof Error ? err.message : String(err), retryAfterMs: null };
}

async function clientIdOf(db: DomusDb): Promise<string> {
  const existing = await getMeta(db, "clientId");
  if (existing) return existing;
  const id = uuidv7();
  await setMeta(db, "clientId", id);
  return id;
}

const NOTHING: SyncOutcome = {
  status: "synced",
  pushed: 0,
  pulled: 0,
  conflicts: 0,
  rejected: 0,
  error: null,
  retryAfterMs: null,
};

/** One sync: push the outbox, then pull to the end. Never throws; the outcome says what happened. */
export async function runSync(deps: RunSyncDeps): Promise<SyncOutcome> {
  const { db, status } = deps;
  const account = await getMeta(db, "account");
  if (!account) {
    status.set({ status: "local-only", progress: null });
    return { ...NOTHING, status: "local-only" };
  }
  // The server answers 409 household_changed if the account is no longer in this household.
  deps.transport.householdId = account.householdId;
  const ctx: SyncContext = {
    db,
    transport: deps.transport,
    hlc: deps.hlc,
    now: deps.now,
    clientId: await clientIdOf(db),
    schemaVersion: deps.schemaVersion,
    userId: account.userId,
  };
  status.set({ status: "syncing", error: null, progress: null });
  const pushed: PushReport = { pushed: 0, rejected: 0, conflicts: 0 };
  const pulled: PullReport = { pulled: 0, conflicts: 0 };
  const counted = (): SyncOutcome => ({
    ...NOTHING,
    ...pushed,
    pulled: pulled.pulled,
    conflicts: pushed.conflicts + pulled.conflicts,
  });
  try {
    await pushOutbox(ctx, {
      chunkSize: deps.chunkSize,
      report: pushed,
      onProgress: (sent, total) => status.progress({ phase: "push", sent, total }),
    });
    await pullChanges(ctx, {
      // The largest pages the server gives (it still cuts them at its byte budget): a new device's
      // download pays each request's auth and bookkeeping 2 times for 10,000 rows instead of 10.
      limit: deps.pullLimit ?? MAX_PULL_LIMIT,
      report: pulled,
      onProgress: (received, remaining) => status.progress({ phase: "pull", received, remaining }),
    });
    const at = new Date(deps.now()).toISOString();
    await setMeta(db, "lastSyncAt", at);
    status.set({ status: "idle", progress: null, lastSyncAt: at, error: null });
    await status.refreshCounts();
    return counted();
  } catch (err) {
    if (err instanceof ApiError && err.code === "household_changed") {
      await dropHouseholdData(db, err).catch((dropErr: unknown) =>
        console.error("Domus: could not drop data", dropErr),
      );
    }
    const failure = describe(err);
    status.set({ status: failure.status, progress: null, error: failure.error });
    await status.refreshCounts().catch(() => undefined);
    return { ...counted(), ...failure };
  }
}
