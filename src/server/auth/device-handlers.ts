import { sessionIdRequest, type DevicesResponse } from "../../core/account-protocol";
import { DomusError } from "../../core/errors";
import type { Deps } from "../deps";
import { json } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { authenticate, clearedCookie } from "./authenticate";
import { endSessions } from "./end-sessions";

const auth = (req: Request, deps: Deps) =>
  authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });

/** `GET /api/auth/sessions`: the account's signed-in devices, this one marked. */
export async function listDevices(req: Request, deps: Deps): Promise<Response> {
  const s = await auth(req, deps);
  const sessions = await deps.sessions.list(s.userId, deps.now());
  const body: DevicesResponse = {
    devices: sessions.map((d) => ({
      sid: d.sid,
      label: d.label,
      createdAt: d.createdAt,
      lastSeenAt: d.lastSeenAt,
      current: d.sid === s.sid,
    })),
  };
  return json(body);
}

/** `POST /api/auth/sessions/revoke {sid}`: signs out one device of the account (this one too). */
export async function revokeDevice(req: Request, deps: Deps): Promise<Response> {
  const s = await auth(req, deps);
  const { sid } = parse(sessionIdRequest, await readJson(req, deps.config.maxBodyBytes));
  const mine = await deps.sessions.list(s.userId, 0);
  // Only the caller's own sessions: another user's session id is "not found", never ended.
  if (!mine.some((d) => d.sid === sid))
    throw new DomusError("not_found", "That device is not signed in to your account.");
  await endSessions(deps, s.userId, { only: sid });
  const headers: Record<string, string> = sid === s.sid ? { "set-cookie": clearedCookie(req) } : {};
  return json({ signedOut: 1 }, { headers });
}

/** `POST /api/auth/sessions/revoke-others`: signs out every device but this one. */
export async function revokeOtherDevices(req: Request, deps: Deps): Promise<Response> {
  const s = await auth(req, deps);
  const ended = await endSessions(deps, s.userId, { except: s.sid });
  return json({ signedOut: ended.length });
}
