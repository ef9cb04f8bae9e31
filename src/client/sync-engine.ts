import { liveQuery } from "dexie";
import type { Hlc } from "../core/hlc";
import { ApiError, NetworkError, type Transport } from "./api-client";
import { type BackgroundEnvironment, defaultEnvironment, runBackground } from "./background";
import type { DomusDb } from "./db";
import { type LockManagerLike, defaultLocks } from "./lock";
import { getMeta, getSettings, setMeta } from "./meta";
import { countOutbox } from "./outbox";
import { type PullReport, pullChanges } from "./pull";
import { MAX_PUSH_CHUNK, type PushReport, pushOutbox } from "./push";
import type { SyncContext } from "./sync-context";
import { INITIAL_STATE, type SyncOutcome, type SyncProgress, type SyncState } from "./sync-state";
import { uuidv7 } from "./uuid";

export type { LockManagerLike } from "./lock";

export interface SyncEngineOptions extends Transport {
  db: DomusDb;
  hlc: Hlc;
  /** Cross-tab mutual exclusion; `navigator.locks` when present, else an in-process lock. */
  locks?: LockManagerLike;
  now?: () => number;
  /** Jitter source for backoff. */
  random?: () => number;
  /** Rows per push request (at most 500). */
  pushChunkSize?: number;
  /** Rows per pulled page (server default 1,000, max 5,000). */
  pullLimit?: number;
  /** Source of `online` / `visibilitychange` events; the browser's window and document by default. */
  environment?: BackgroundEnvironment;
}

export interface BackgroundOptions {
  /** Periodic sync; the stored `settings.intervalMs` (60 s) by default. */
  intervalMs?: number;
  /** How long after a local change to sync; 2 s by default. */
  debounceMs?: number;
  /** First retry delay after a failure, doubled each time up to `maxBackoffMs`; 1 s by default. */
  backoffMs?: number;
  /** 5 minutes by default. */
  maxBackoffMs?: number;
}

export interface SyncEngine {
  /** Pushes pending changes, then pulls until up to date. Calls made while one runs share one next run. */
  sync(): Promise<SyncOutcome>;
  /** The current state (a new object on every change). */
  readonly state: SyncState;
  /** Called with the new state on every change; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void;
  /** Background sync: now, after local changes (debounced), on an interval, when online or visible again. */
  start(options?: BackgroundOptions): void;
  stop(): void;
  /** Stops background sync and releases the database observers. */
  dispose(): void;
}

interface Failure {
  status: "offline" | "unauthorized" | "error";
  error: string;
  retryAfterMs: number | null;
}

function describe(err: unknown): Failure {
  if (err instanceof NetworkError) return { status: "offline", error: err.message, retryAfterMs: null };
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

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db } = options;
  const now = options.now ?? Date.now;
  const locks = options.locks ?? defaultLocks();
  const chunkSize = Math.min(MAX_PUSH_CHUNK, Math.max(1, options.pushChunkSize ?? MAX_PUSH_CHUNK));
  const transport: Transport = { fetch: options.fetch, baseUrl: options.baseUrl, auth: options.auth };
  const listeners = new Set<(state: SyncState) => void>();
  let state: SyncState = INITIAL_STATE;
  let running: Promise<SyncOutcome> | null = null;
  let queued: Promise<SyncOutcome> | null = null;
  let stopBackground: (() => void) | null = null;

  const setState = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };
  const setProgress = (patch: Partial<SyncProgress>) => {
    const base: SyncProgress = state.progress ?? { phase: "push", sent: 0, total: 0, received: 0, remaining: 0 };
    setState({ progress: { ...base, ...patch } });
  };

  async function readCounts() {
    return {
      ...(await countOutbox(db)),
      conflicts: await db.conflicts.filter((c) => !c.resolved).count(),
      lastSyncAt: await getMeta(db, "lastSyncAt"),
      signedIn: (await getMeta(db, "account")) !== null,
    };
  }
  function showCounts({ signedIn, ...c }: Awaited<ReturnType<typeof readCounts>>): void {
    if (!signedIn && state.status === "idle") setState({ ...c, status: "local-only" });
    else if (signedIn && state.status === "local-only") setState({ ...c, status: "idle" });
    else setState(c);
  }
  // Counts for the badge, live: they change with every local write, sync or resolved conflict.
  const counts = liveQuery(readCounts).subscribe({
    next: showCounts,
    error() {
      // The database was closed or deleted (sign-out): nothing left to count.
    },
  });

  async function run(): Promise<SyncOutcome> {
    const outcome: SyncOutcome = {
      status: "synced",
      pushed: 0,
      pulled: 0,
      conflicts: 0,
      rejected: 0,
      error: null,
      retryAfterMs: null,
    };
    const account = await getMeta(db, "account");
    if (!account) {
      setState({ status: "local-only", progress: null });
      return { ...outcome, status: "local-only" };
    }
    const ctx: SyncContext = {
      db,
      transport,
      hlc: options.hlc,
      clientId: await clientIdOf(db),
      userId: account.userId,
      now,
    };
    setState({ status: "syncing", error: null, progress: null });
    const pushed: PushReport = { pushed: 0, rejected: 0, conflicts: 0 };
    const pulled: PullReport = { pulled: 0, conflicts: 0 };
    const counted = (): SyncOutcome => ({
      ...outcome,
      ...pushed,
      pulled: pulled.pulled,
      conflicts: pushed.conflicts + pulled.conflicts,
    });
    try {
      await pushOutbox(ctx, {
        chunkSize,
        report: pushed,
        onProgress: (sent, total) => setProgress({ phase: "push", sent, total }),
      });
      await pullChanges(ctx, {
        limit: options.pullLimit,
        report: pulled,
        onProgress: (received, remaining) => setProgress({ phase: "pull", received, remaining }),
      });
      const at = new Date(now()).toISOString();
      await setMeta(db, "lastSyncAt", at);
      setState({ status: "idle", progress: null, lastSyncAt: at, error: null });
      showCounts(await readCounts());
      return counted();
    } catch (err) {
      const failure = describe(err);
      setState({ status: failure.status, progress: null, error: failure.error });
      await readCounts().then(showCounts, () => undefined);
      return { ...counted(), ...failure };
    }
  }

  function sync(): Promise<SyncOutcome> {
    if (queued) return queued;
    if (running) {
      queued = running.then(() => {
        queued = null;
        return sync();
      });
      return queued;
    }
    // One sync at a time in this tab (the promises) and across tabs of this database (the lock).
    running = locks.request(`domus-sync:${db.name}`, run).finally(() => {
      running = null;
    });
    return running;
  }

  function stop(): void {
    stopBackground?.();
    stopBackground = null;
  }

  return {
    sync,
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start(background = {}) {
      stop();
      let cancelled = false;
      stopBackground = () => {
        cancelled = true;
      };
      void getSettings(db).then((settings) => {
        if (cancelled) return;
        stopBackground = runBackground(
          {
            db,
            sync,
            random: options.random ?? Math.random,
            now,
            environment: options.environment ?? defaultEnvironment(),
            onRetry: (retryAt) => setState({ retryAt }),
          },
          {
            intervalMs: background.intervalMs ?? settings.intervalMs,
            debounceMs: background.debounceMs ?? 2_000,
            backoffMs: background.backoffMs ?? 1_000,
            maxBackoffMs: background.maxBackoffMs ?? 300_000,
          },
        );
      });
    },
    stop,
    dispose() {
      stop();
      counts.unsubscribe();
      listeners.clear();
    },
  };
}
