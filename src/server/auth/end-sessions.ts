import type { Deps } from "../deps";

/** What happened to a user's sessions, for anything holding live connections (the realtime hub). */
export type SessionEvent =
  | { type: "ended"; userId: string; sids: string[] }
  | { type: "household_changed"; userId: string; householdId: string };

type Listener = (event: SessionEvent, deps: Deps) => void | Promise<void>;
const listeners = new Set<Listener>();

/** Subscribes to session ends and household changes; returns the unsubscribe function. */
export function onSessionEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitSessionEvent(deps: Deps, event: SessionEvent): Promise<void> {
  for (const l of listeners) await l(event, deps);
}

/**
 * The one way sessions end (sign-out, signing out a device or every other one, password change or
 * reset, account deletion): removes them from KV and the D1 index, then tells the listeners.
 * `only` ends one session; `except` keeps one (the caller's); neither ends them all.
 */
export async function endSessions(
  deps: Deps,
  userId: string,
  options: { only?: string; except?: string } = {},
): Promise<string[]> {
  let sids: string[];
  if (options.only !== undefined) {
    sids = [options.only];
    await deps.sessions.delete({ userId, sid: options.only });
  } else if (options.except !== undefined) {
    sids = (await deps.sessions.sids(userId)).filter((sid) => sid !== options.except);
    await Promise.all(sids.map((sid) => deps.sessions.delete({ userId, sid })));
  } else {
    sids = await deps.sessions.sids(userId);
    await deps.sessions.deleteAll(userId);
  }
  await emitSessionEvent(deps, { type: "ended", userId, sids });
  return sids;
}
