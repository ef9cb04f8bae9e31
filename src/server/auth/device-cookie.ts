import { SignJWT, jwtVerify } from "jose";
import type { Deps } from "../deps";
import { readCookie, setCookie } from "./cookies";

/**
 * OWASP's "device cookies" (Slow Down Online Guessing Attacks with Device Cookies): after a
 * successful sign-in the browser gets a signed cookie naming the account and a random device id. A
 * later attempt carrying a valid one for the same email is counted against that device's own
 * allowance, not the email's shared one, so a flood of guesses from elsewhere locks out the attacker's
 * untrusted clients and never the owner's devices. The cookie proves nothing else: it is not a session.
 */
const AUDIENCE = "domus:device";
const BASE_NAME = "domus_device";
/** Long enough that a household's devices stay trusted between sign-ins; re-issued at each one. */
export const DEVICE_COOKIE_SECONDS = 180 * 86_400;

/** One cookie per account on a device (a device may hold several accounts): named by a digest of the email. */
async function baseName(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email)));
  return `${BASE_NAME}_${[...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The device id of a valid device cookie for `email` on this request, or null (absent, forged, expired, other email). */
export async function trustedDevice(req: Request, deps: Deps, email: string): Promise<string | null> {
  const token = readCookie(req, await baseName(email));
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, deps.config.jwtSecret, {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      subject: email,
      requiredClaims: ["exp", "jti"],
    });
    return typeof payload.jti === "string" && payload.jti.length <= 64 ? payload.jti : null;
  } catch {
    return null;
  }
}

/** A Set-Cookie header trusting this device for `email` (keeping its device id if it had one). */
export async function deviceCookie(req: Request, deps: Deps, email: string, deviceId?: string | null): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(AUDIENCE)
    .setSubject(email)
    .setJti(deviceId ?? crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${DEVICE_COOKIE_SECONDS}s`)
    .sign(deps.config.jwtSecret);
  // Strict: only ever needed by the app's own sign-in form, never on a cross-site navigation.
  return setCookie(req, await baseName(email), token, { maxAgeSeconds: DEVICE_COOKIE_SECONDS, sameSite: "Strict" });
}
