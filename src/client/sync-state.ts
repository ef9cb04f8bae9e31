/** What the sync engine is doing, for the status indicator, the sync button and the progress bar. */
/**
 * `upgrade-required`: the server has a newer schema than this build; nothing syncs until the app is
 * reloaded (every local change stays in the outbox and goes out after the reload).
 */
export type SyncStatus = "idle" | "syncing" | "offline" | "error" | "unauthorized" | "local-only" | "upgrade-required";

export interface SyncProgress {
  phase: "push" | "pull";
  /** Rows pushed so far of `total` pending when the sync began. */
  sent: number;
  total: number;
  /** Rows pulled so far, and how many more the server says follow. */
  received: number;
  remaining: number;
}

export interface SyncState {
  status: SyncStatus;
  /** Rows with local changes waiting to be pushed. */
  pending: number;
  /** Rows the server refused (kept, visible, not retried until edited again). */
  rejected: number;
  /** When the last sync completed without error (ISO). */
  lastSyncAt: string | null;
  /** A human sentence when status is `error`, `offline`, `unauthorized` or `upgrade-required`. */
  error: string | null;
  progress: SyncProgress | null;
  /** Unresolved conflicts (local values that lost to newer ones). */
  conflicts: number;
  /** When the next background attempt is due after a failure (ISO), or null. */
  retryAt: string | null;
  /** The live channel's socket is up (in this tab or another tab of this account): changes arrive at once. */
  live: boolean;
}

/** What one `sync()` did. */
export interface SyncOutcome {
  status: "synced" | "offline" | "error" | "unauthorized" | "local-only" | "upgrade-required";
  /** Rows the server acknowledged (applied or stale). */
  pushed: number;
  /** Rows pulled and merged. */
  pulled: number;
  /** Conflicts recorded by this sync. */
  conflicts: number;
  /** Rows the server rejected in this sync. */
  rejected: number;
  error: string | null;
  /** The server's Retry-After (429), in milliseconds. */
  retryAfterMs: number | null;
}

export const INITIAL_STATE: SyncState = {
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
