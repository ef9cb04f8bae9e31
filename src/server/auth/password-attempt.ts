import type { Deps } from "../deps";
import type { Consumption } from "./rate-limiter";
import { deviceCookie, trustedDevice } from "./device-cookie";

/**
 * The address a per-IP limit counts: Cloudflare sets `cf-connecting-ip` (a client cannot forge it in
 * production). An IPv6 client usually holds a whole /64, so it is counted by its /64 prefix: otherwise
 * each of its 2^64 addresses would get an allowance of its own.
 */
export function clientIp(req: Request): string {
  const ip = (req.headers.get("cf-connecting-ip") ?? "local").trim().toLowerCase();
  return ip.includes(":") ? ipv6Prefix64(ip) : ip;
}

/** "2001:db8:1:2:aaaa::1" → "2001:db8:1:2::/64"; anything unparsable is kept as it is. */
export function ipv6Prefix64(ip: string): string {
  const [head = "", tail, extra] = ip.split("::");
  if (extra !== undefined) return ip;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return ip;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  if (!groups.slice(0, 4).every((g) => /^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export interface PasswordAttempt {
  /**
   * The password was right: the attempt is given back (only failures use up an allowance) and the
   * device is trusted for this email from now on. Returns the device cookie to set.
   */
  succeeded(): Promise<string>;
}

/**
 * Counts one password attempt for `email` BEFORE the password is compared, so parallel guesses are
 * each counted and the (N+1)th is refused without a bcrypt compare. A device that signed in to this
 * email before (a valid device cookie) is counted against its own allowance only; any other client is
 * counted per email and per address. Sign-in and every password confirmation inside a session (delete
 * account, password change) go through here, so they share one allowance.
 */
export async function startPasswordAttempt(req: Request, deps: Deps, email: string): Promise<PasswordAttempt> {
  const { loginPerEmail, loginPerIp, loginPerDevice } = deps.config.rateLimits;
  const device = await trustedDevice(req, deps, email);
  const counted: Consumption[] = device
    ? [{ bucket: "login-device", key: device, rule: loginPerDevice }]
    : [
        { bucket: "login-email", key: email, rule: loginPerEmail },
        { bucket: "login-ip", key: clientIp(req), rule: loginPerIp },
      ];
  await deps.limiter.consumeAll(counted);
  return {
    async succeeded() {
      await deps.limiter.refund(counted);
      return deviceCookie(req, deps, email, device);
    },
  };
}
