import { DomusError } from "../../core/errors";
import type { SessionInfo, SessionStore } from "./session-store";
import { verifySessionToken } from "./tokens";
import { isPlainLocalhost, readCookie, setCookie } from "./cookies";

export const SESSION_COOKIE = "domus_session";

export interface Session extends SessionInfo {
  sid: string;
}

function tokenFrom(req: Request): string | null {
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (bearer?.[1]) return bearer[1];
  return readCookie(req, SESSION_COOKIE);
}

/**
 * The caller's session, from the Bearer token or the cookie. A token is only as good as its session
 * in KV: logout (or expiry) removes it there, and the token is refused from then on.
 */
export async function authenticate(
  req: Request,
  deps: { secret: Uint8Array; sessions: SessionStore },
): Promise<Session> {
  const token = tokenFrom(req);
  if (!token) throw new DomusError("unauthorized", "Sign in to continue.");
  const claims = await verifySessionToken(token, deps.secret);
  if (!claims) throw new DomusError("unauthorized", "Your session is not valid. Sign in again.");
  const info = await deps.sessions.get({ userId: claims.sub, sid: claims.sid });
  if (!info || info.userId !== claims.sub)
    throw new DomusError("unauthorized", "Your session has ended. Sign in again.");
  // "Last seen" for the devices list: throttled inside, so most requests write nothing.
  await deps.sessions.touch({ userId: claims.sub, sid: claims.sid }, Date.now());
  return { sid: claims.sid, ...info };
}

export function sessionCookie(req: Request, token: string, maxAgeSeconds: number): string {
  return setCookie(req, SESSION_COOKIE, token, { maxAgeSeconds, sameSite: "Lax" });
}

export function clearedCookie(req: Request): string {
  return sessionCookie(req, "", 0);
}

/** Set-Cookie headers that end the session cookie, under the old unprefixed name too where it is Secure. */
export function clearedCookies(req: Request): [string, string][] {
  const cleared: [string, string][] = [["set-cookie", clearedCookie(req)]];
  if (!isPlainLocalhost(req)) {
    cleared.push(["set-cookie", `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure`]);
  }
  return cleared;
}
