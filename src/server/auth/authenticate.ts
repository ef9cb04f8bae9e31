import { DomusError } from "../../core/errors";
import type { SessionInfo, SessionStore } from "./session-store";
import { verifySessionToken } from "./tokens";

export const SESSION_COOKIE = "domus_session";

export interface Session extends SessionInfo {
  sid: string;
}

function tokenFrom(req: Request): string | null {
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (bearer?.[1]) return bearer[1];
  const cookie = req.headers.get("cookie");
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
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
  const parts = [`${SESSION_COOKIE}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${maxAgeSeconds}`];
  if (!isPlainLocalhost(req)) parts.push("Secure");
  return parts.join("; ");
}

export function clearedCookie(req: Request): string {
  return sessionCookie(req, "", 0);
}

function isPlainLocalhost(req: Request): boolean {
  const url = new URL(req.url);
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}
