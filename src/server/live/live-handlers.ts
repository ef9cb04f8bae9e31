import { DomusError } from "../../core/errors";
import type { PresenceResponse } from "../../core/live";
import { authenticate } from "../auth/authenticate";
import type { Deps } from "../deps";
import { checkOrigin } from "../http/origin";
import { json } from "../http/respond";

/**
 * GET /api/sync/live: upgrades a signed-in member's request to a WebSocket held by the household's
 * hub. Everything is checked before the upgrade, so a refusal is the usual JSON error.
 */
export async function liveHandler(req: Request, deps: Deps): Promise<Response> {
  // A WebSocket handshake is a GET that browsers send cross-site with cookies (no CORS): hold it to
  // the rule of state-changing requests, or any site could listen to a signed-in member's pokes.
  checkOrigin(new Request(req.url, { method: "POST", headers: req.headers }), deps.config.allowedOrigins);
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new DomusError("websocket_required", "This endpoint speaks WebSocket: send Upgrade: websocket.");
  }
  if (!deps.hub || !deps.liveUpgrade) {
    // `next dev` routes /api itself and cannot hand a WebSocket back: clients keep to the interval.
    throw new DomusError("unavailable", "Live updates are not available on this server; sync runs on its interval.");
  }
  const rule = deps.config.rateLimits.syncPerUser;
  await deps.limiter.check("sync-user", s.userId, rule);
  await deps.limiter.hit("sync-user", s.userId, rule);
  return deps.hub.connect(s.householdId, req, { userId: s.userId, sid: s.sid, name: s.name });
}

/** GET /api/household/presence: who has a device connected to the live channel now. */
export async function presenceHandler(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const body: PresenceResponse = { members: deps.hub ? await deps.hub.presence(s.householdId) : [] };
  return json(body);
}
