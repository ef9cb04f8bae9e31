import type { SyncState } from "@/client";

/**
 * What the sync indicator shows of the engine's state. Every local write makes the engine pass
 * through "1 change waiting" and "Syncing…" back to "Live" within a few hundred milliseconds; shown,
 * that flashes the pill twice per tap, has a screen reader announce three statuses (the pill is a
 * polite live region), and costs the page a frame of its 1,000-row list per change (docs/benchmarks.md,
 * "seventh pass": ~50 ms of main-thread time per tick). So a wait or a sync that starts from a calm
 * state (up to date, nothing waiting) is shown only once it has lasted `holdMs` with no sync ending
 * (taps faster than their syncs never let the state calm down, yet each change goes out); until then
 * the calm state stays on screen. Everything else (offline, errors, signed out, a sync the user asked for,
 * a wait or sync that started from a state that was not calm) shows at once. Pure: the hook around it is
 * in sync-status.tsx, the rules are tested in held-sync-state.test.ts.
 */

/** How long a wait or sync may last unseen. */
export const HOLD_MS = 1_000;

export interface Held {
  /** The calm state on screen when the current stretch of passing states began, or null. */
  calm: SyncState | null;
  /** When that stretch began, or last made progress (ms); null while calm. */
  since: number | null;
  /** The last sync time as of `since`: a newer one is a sync that ended, progress. */
  syncedAt: string | null;
}

export const NOTHING_HELD: Held = { calm: null, since: null, syncedAt: null };

/** Up to date with nothing waiting: "Synced", "Live", "Not synced yet". */
export function isCalm(s: SyncState): boolean {
  return s.status === "idle" && s.pending === 0;
}

/** A state a calm one passes through on its way back: changes waiting to go out, or a sync running. */
function isPassing(s: SyncState): boolean {
  return s.status === "syncing" || (s.status === "idle" && s.pending > 0);
}

export interface Shown {
  state: SyncState;
  held: Held;
  /** When to look again (ms): the hold ends then. Null when nothing is held. */
  wakeAt: number | null;
}

/**
 * The state to show for `state` at `now`, given what was held before. `asked`: the user pressed
 * "Sync now", so a sync shows at once.
 */
export function shownSyncState(state: SyncState, held: Held, now: number, asked = false, holdMs = HOLD_MS): Shown {
  if (isCalm(state)) return { state, held: { calm: state, since: null, syncedAt: state.lastSyncAt }, wakeAt: null };
  if (!isPassing(state) || asked || held.calm === null) return { state, held: NOTHING_HELD, wakeAt: null };
  // A sync that ended meanwhile (the last sync time moved on) is progress, and the hold starts again
  // from it: taps faster than their syncs keep the state from ever calming down, yet each change goes
  // out within moments, so the calm state (with its new sync time) stays on screen. What is shown
  // after the hold is a wait or a sync that made no progress for that long.
  const progressed = held.since !== null && state.lastSyncAt !== held.syncedAt;
  const since = held.since === null || progressed ? now : held.since;
  const calm = progressed ? { ...held.calm, lastSyncAt: state.lastSyncAt } : held.calm;
  const next = { calm, since, syncedAt: state.lastSyncAt };
  if (now - since >= holdMs) return { state, held: next, wakeAt: null };
  return { state: calm, held: next, wakeAt: since + holdMs };
}
