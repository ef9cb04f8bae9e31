import { backoffDelay } from "./backoff";
import type { DomusDb } from "./db";
import { watchLocalChanges } from "./change-tracking";
import type { SyncOutcome } from "./sync-state";

/** Where `online` and `visibilitychange` come from: the browser's window and document by default. */
export interface BackgroundEnvironment {
  window?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  document?: Pick<EventTarget, "addEventListener" | "removeEventListener"> & { visibilityState: string };
}

export interface BackgroundConfig {
  intervalMs: number;
  debounceMs: number;
  /**
   * After a local change was handed off (see `handOff`): how long the page waits for a sync by anyone
   * before it syncs the waiting changes itself.
   */
  handOffGraceMs: number;
  backoffMs: number;
  maxBackoffMs: number;
}

interface BackgroundDeps {
  db: DomusDb;
  sync: () => Promise<SyncOutcome>;
  random: () => number;
  now: () => number;
  environment: BackgroundEnvironment;
  /** Told when the next retry after a failure is due (ISO), or null when none is scheduled. */
  onRetry: (at: string | null) => void;
  /** True to skip this interval tick (while live, pokes bring changes and the interval can lengthen). */
  skipTick?: () => boolean;
  /**
   * Hands the push of a local change to another thread (the service worker's Background Sync);
   * resolves true when it was accepted. Without it, or refused, the page syncs after `debounceMs`.
   */
  handOff?: () => Promise<boolean>;
  /** Changes waiting to be pushed, and the last sync by anyone: how a hand-off is seen through. */
  progress: () => { pending: number; lastSyncAt: string | null };
}

export function defaultEnvironment(): BackgroundEnvironment {
  const g = globalThis as { window?: BackgroundEnvironment["window"]; document?: BackgroundEnvironment["document"] };
  return { window: g.window, document: g.document };
}

/**
 * Background sync: a sync shortly after local changes (debounced, or handed off to the service
 * worker), one on an interval, one when the device comes online or the page becomes visible;
 * failures back off exponentially. Every trigger goes through `sync`, which never overlaps.
 * Returns the function that stops it all.
 */
export function runBackground(deps: BackgroundDeps, config: BackgroundConfig): () => void {
  let stopped = false;
  let failures = 0;
  let retryUntil = 0;
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const after = (outcome: SyncOutcome) => {
    if (stopped) return;
    if (outcome.status === "offline" || outcome.status === "error") {
      failures++;
      const delay = backoffDelay({
        failures,
        baseMs: config.backoffMs,
        maxMs: config.maxBackoffMs,
        random: deps.random,
        retryAfterMs: outcome.retryAfterMs,
      });
      retryUntil = deps.now() + delay;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => trigger(true), delay);
      deps.onRetry(new Date(retryUntil).toISOString());
    } else {
      // Synced, or waiting for a sign-in: nothing to retry on a timer.
      failures = 0;
      retryUntil = 0;
      deps.onRetry(null);
    }
  };

  let inFlight = false;
  let again = false;

  /**
   * `force`: a reason to try now even while backing off (back online, page visible, retry due).
   * A trigger during a sync runs once after it, unless it failed: then the backoff timer decides.
   */
  function trigger(force: boolean): void {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    if (!force && deps.now() < retryUntil) return;
    inFlight = true;
    clearTimeout(retryTimer);
    void deps.sync().then((outcome) => {
      inFlight = false;
      after(outcome);
      const rerun = again && retryUntil === 0;
      again = false;
      if (rerun) trigger(false);
    });
  }

  const debounce = () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => trigger(false), config.debounceMs);
  };

  // A handed-off change is the other thread's to push. The page steps in only when changes still
  // wait and no sync (by anyone) ended within the grace: the worker failed, or never ran.
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const watchHandOff = () => {
    if (graceTimer !== undefined) return;
    const since = deps.progress().lastSyncAt;
    graceTimer = setTimeout(() => {
      graceTimer = undefined;
      if (stopped) return;
      const now = deps.progress();
      if (now.pending === 0) return;
      if (now.lastSyncAt !== since) watchHandOff();
      else trigger(false);
    }, config.handOffGraceMs);
  };
  const onLocalChange = () => {
    if (!deps.handOff) return debounce();
    void deps
      .handOff()
      .catch(() => false)
      .then((accepted) => {
        if (stopped) return;
        if (accepted) watchHandOff();
        else debounce();
      });
  };

  // What was pending at start is synced by start() itself; only newer writes count as changes.
  const stopWatching = watchLocalChanges(deps.db.name, onLocalChange);
  const interval = setInterval(() => {
    if (!deps.skipTick?.()) trigger(false);
  }, config.intervalMs);
  const onOnline = () => trigger(true);
  const onVisible = () => {
    if (deps.environment.document?.visibilityState === "visible") trigger(true);
  };
  deps.environment.window?.addEventListener("online", onOnline);
  deps.environment.document?.addEventListener("visibilitychange", onVisible);
  trigger(true);

  return () => {
    stopped = true;
    stopWatching();
    clearInterval(interval);
    clearTimeout(debounceTimer);
    clearTimeout(graceTimer);
    clearTimeout(retryTimer);
    deps.environment.window?.removeEventListener("online", onOnline);
    deps.environment.document?.removeEventListener("visibilitychange", onVisible);
    deps.onRetry(null);
  };
}
