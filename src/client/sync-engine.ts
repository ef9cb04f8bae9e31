import type { Hlc } from "../core/hlc";
import { SCHEMA_VERSION } from "../core/schema-version";
import type { Transport } from "./api-client";
import { type BackgroundEnvironment, defaultEnvironment, runBackground } from "./background";
import type { DomusDb } from "./db";
import { type LockManagerLike, defaultLocks, syncLockName } from "./lock";
import { getSettings } from "./meta";
import { MAX_PUSH_CHUNK } from "./push";
import { runSync } from "./run-sync";
import type { SyncOutcome, SyncState } from "./sync-state";
import { createStatusStore } from "./sync-status";
import { type LiveConfig, type OpenSocket, startLiveSync } from "./live-sync";

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
  /** The schema this build knows: SCHEMA_VERSION (tests declare an older build's). */
  schemaVersion?: number;
  /**
   * The live channel (pokes over a WebSocket) while background sync runs, if settings allow it. On by
   * default in browsers; elsewhere pass `{}` (Node's WebSocket) or `{ open }`; `false` turns it off.
   */
  live?: { open?: OpenSocket; config?: Partial<LiveConfig> } | false;
  /**
   * Hands the push of a local change to the service worker (the page's Background Sync request);
   * resolves true when the browser accepted it. The page then leaves the change to the worker, off
   * its own main thread, and syncs it itself only if no sync ended within the grace.
   */
  handOff?: () => Promise<boolean>;
}

export interface BackgroundOptions {
  /** Periodic sync; the stored `settings.intervalMs` (60 s) by default. */
  intervalMs?: number;
  /** How long after a local change to sync; 2 s by default, 200 ms with live updates on. */
  debounceMs?: number;
  /** How long a handed-off change may wait for a sync by anyone before the page syncs it; 3 s by default. */
  handOffGraceMs?: number;
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
  /**
   * Background sync: now, after local changes (debounced, or handed off), on an interval, when online
   * or visible again.
   */
  start(options?: BackgroundOptions): void;
  stop(): void;
  /** Stops background sync and releases the database observers. */
  dispose(): void;
}

/** The debounce after a local change while live updates are on (2 s otherwise). */
const LIVE_DEBOUNCE_MS = 200;

const isBrowser = () => typeof (globalThis as { document?: unknown }).document !== "undefined";

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db } = options;
  const now = options.now ?? Date.now;
  const locks = options.locks ?? defaultLocks();
  const chunkSize = Math.min(MAX_PUSH_CHUNK, Math.max(1, options.pushChunkSize ?? MAX_PUSH_CHUNK));
  const transport: Transport = { fetch: options.fetch, baseUrl: options.baseUrl, auth: options.auth };
  const status = createStatusStore(db);
  let running: Promise<SyncOutcome> | null = null;
  let queued: Promise<SyncOutcome> | null = null;
  let stopBackground: (() => void) | null = null;
  const schemaVersion = options.schemaVersion ?? SCHEMA_VERSION;
  // Once the server asks for a newer build, this one stops calling it: only a reload can help.
  let outdated: SyncOutcome | null = null;
  const run = async () => {
    if (outdated) return outdated;
    const outcome = await runSync({
      db,
      transport,
      hlc: options.hlc,
      now,
      chunkSize,
      pullLimit: options.pullLimit,
      status,
      schemaVersion,
    });
    if (outcome.status === "upgrade-required") outdated = outcome;
    return outcome;
  };

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
    running = locks.request(syncLockName(db), run).finally(() => {
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
      return status.state;
    },
    subscribe: (listener) => status.subscribe(listener),
    start(background = {}) {
      stop();
      let cancelled = false;
      stopBackground = () => {
        cancelled = true;
      };
      void getSettings(db).then((settings) => {
        if (cancelled) return;
        const live = options.live ?? (isBrowser() ? {} : false);
        const stopLive =
          live && settings.live
            ? startLiveSync({ db, transport, locks, sync, random: options.random ?? Math.random, status, ...live })
            : null;
        const stopSchedule = runBackground(
          {
            db,
            sync,
            random: options.random ?? Math.random,
            now,
            environment: options.environment ?? defaultEnvironment(),
            onRetry: (retryAt) => status.set({ retryAt }),
            skipTick: () => stopLive?.skipTick() ?? false,
            handOff: options.handOff,
            progress: () => status.state,
          },
          {
            intervalMs: background.intervalMs ?? settings.intervalMs,
            // With live updates on, others are watching: send a change almost at once.
            debounceMs: background.debounceMs ?? (stopLive ? LIVE_DEBOUNCE_MS : 2_000),
            handOffGraceMs: background.handOffGraceMs ?? 3_000,
            backoffMs: background.backoffMs ?? 1_000,
            maxBackoffMs: background.maxBackoffMs ?? 300_000,
          },
        );
        stopBackground = () => {
          stopSchedule();
          stopLive?.stop();
        };
      });
    },
    stop,
    dispose() {
      stop();
      status.dispose();
    },
  };
}
