import { CLOSE_SESSION_ENDED } from "../../core/live";
import type { Deps } from "../deps";

/**
 * Closes a user's live sockets in a household: one session's (`sid`: sign-out, one session
 * revoked) or every one (account deleted, member removed: pass `code: CLOSE_REMOVED`). The session
 * is already gone from KV when this runs, so the client's reconnect is refused. Never fails the
 * caller: a socket left open only hears pokes, and its next pull is refused.
 */
export async function closeLiveSockets(
  deps: Pick<Deps, "hub" | "logger">,
  householdId: string,
  who: { userId: string; sid?: string; code?: number },
): Promise<number> {
  if (!deps.hub) return 0;
  try {
    return await deps.hub.closeSockets(householdId, { code: CLOSE_SESSION_ENDED, ...who });
  } catch (err) {
    deps.logger.error("live: closing sockets failed", { householdId, userId: who.userId, error: String(err) });
    return 0;
  }
}
