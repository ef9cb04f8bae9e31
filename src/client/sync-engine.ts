import type { Hlc } from "../core/hlc";
import type { Transport } from "./api-client";
import type { DomusDb } from "./db";
import type { SyncOutcome, SyncState } from "./sync-state";

/** The part of the Web Locks API the engine needs (`navigator.locks` fits). */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

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
}

export interface BackgroundOptions {
  /** Periodic sync; 60 s by default (the `settings.intervalMs` meta value). */
  intervalMs?: number;
  /** How long after a local change to sync; 2 s by default. */
  debounceMs?: number;
  /** First retry delay after a failure, doubled each time up to `maxBackoffMs`; 1 s by default. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface SyncEngine {
  /** Pushes pending changes, then pulls until up to date. Calls made while one runs run after it, once. */
  sync(): Promise<SyncOutcome>;
  /** The current state (a new object on every change). */
  readonly state: SyncState;
  /** Called with the new state on every change; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void;
  /** Background sync: after local changes (debounced), on an interval, when online or visible again. */
  start(options?: BackgroundOptions): void;
  stop(): void;
  /** Stops background sync and releases the database observers. */
  dispose(): void;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  void options;
  throw new Error("not implemented yet");
}
