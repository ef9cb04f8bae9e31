import { CLOSE_REMOVED } from "../../core/live";
import type { Deps } from "../deps";
import { closeLiveSockets } from "../live/close-live-sockets";

/**
 * The one way sessions end (sign-out, signing out a device or every other one, password change or
 * reset, account deletion): removes them from KV and the D1 index, then closes their live sockets.
 * `only` ends one session; `except` keeps one (the caller's); neither ends them all. `householdId`
 * names the household whose hub holds the sockets (looked up when not given).
 */
export async function endSessions(
  deps: Deps,
  userId: string,
  options: { only?: string; except?: string; householdId?: string } = {},
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
  const householdId = options.householdId ?? (await deps.users.findById(userId))?.householdId;
  if (householdId) {
    // All sessions: one call closes every socket of the user; otherwise one call per ended session.
    if (options.only === undefined && options.except === undefined)
      await closeLiveSockets(deps, householdId, { userId });
    else await Promise.all(sids.map((sid) => closeLiveSockets(deps, householdId, { userId, sid })));
  }
  return sids;
}

/** A member left or was removed: their sockets in the old household close, telling the device why. */
export async function closeMemberSockets(deps: Deps, userId: string, formerHouseholdId: string): Promise<void> {
  await closeLiveSockets(deps, formerHouseholdId, { userId, code: CLOSE_REMOVED });
}
