import { backoffDelay } from "./backoff";
import type { DomusDb } from "./db";
import { watchLocalChanges } from "./local-changes";
import type { SyncOutcome } from "./sync-state";

/** Where `online` and `visibilitychange` come from: the browser's window and document by default. */
export interface BackgroundEnvironment {
  window?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  document?: Pick<EventTarget, "addEventListener" | "removeEventListener"> & { visibilityState: string };
}

export interface BackgroundConfig {
  intervalMs: number;
  debounceMs: number;
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
}

export function defaultEnvironment(): BackgroundEnvironment {
  const g = globalThis as { window?: BackgroundEnvironment["window"]; document?: BackgroundEnvironment["document"] };
  return { window: g.window, document: g.document };
}

/**
 * Background sync: a sync shortly after local changes (debounced), one on an interval, one when the
 * device comes online or the page becomes visible; failures back off exponentially. Every trigger
 * goes through `sync`, which never overlaps. Returns the function that stops it all.
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

  // What was pending at start is synced by start() itself; only newer writes restart the debounce.
  const stopWatching = watchLocalChanges(deps.db, () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => trigger(false), config.debounceMs);
  });
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
    clearTimeout(retryTimer);
    deps.environment.window?.removeEventListener("online", onOnline);
    deps.environment.document?.removeEventListener("visibilitychange", onVisible);
    deps.onRetry(null);
  };
}
