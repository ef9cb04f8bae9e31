import { LIVE_PATH } from "../../core/live";
import { handleApi } from "../api";
import type { Env } from "../config";

/** True for the live channel's path: the Worker entry answers it before OpenNext. */
export function isLiveRequest(req: Request): boolean {
  return new URL(req.url).pathname.replace(/\/+$/, "") === LIVE_PATH;
}

/**
 * The live channel, routed by the Worker entry itself: a Next.js route handler's response goes
 * through OpenNext, which cannot carry a 101 with its WebSocket. Same API, same errors.
 */
export function handleLive(req: Request, env: Env): Promise<Response> {
  return handleApi(req, env, { liveUpgrade: true });
}

/**
 * The sync endpoints (`/api/sync/…`: pull, push, full, status), answered by the Worker entry itself
 * too: every device calls them on every sync, and a Next.js route handler adds the router and
 * OpenNext's request and response conversion to each call (pull pages are megabytes of JSON). Same
 * API, same errors, same headers.
 */
export function isSyncRequest(req: Request): boolean {
  return new URL(req.url).pathname.startsWith("/api/sync/");
}
