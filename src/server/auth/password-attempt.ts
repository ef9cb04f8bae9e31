import type { Deps } from "../deps";
import type { Consumption } from "./rate-limiter";
import { deviceCookie, trustedDevice } from "./device-cookie";

export function clientIp(req: Request): string {
  return req.headers.get("cf-connecting-ip") ?? "local";
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
