import type { Deps } from "../deps";
import { clientIp } from "./password-attempt";

// The rate limits of the account features (issue 12) in one place. Each is counted atomically
// before the work (see rate-limiter.ts); password confirmations go through startPasswordAttempt.

/** Reset emails: per address (so nobody floods one inbox) and per IP (so nobody probes many). */
export async function limitResetRequest(deps: Deps, req: Request, email: string): Promise<void> {
  const { resetPerEmail, resetPerIp } = deps.config.rateLimits;
  await deps.limiter.consumeAll([
    { bucket: "reset-ip", key: clientIp(req), rule: resetPerIp },
    { bucket: "reset-email", key: email, rule: resetPerEmail },
  ]);
}

/** Invite creation (and verification resends) per household: each one may send an email. */
export async function limitInviteCreation(deps: Deps, householdId: string): Promise<void> {
  await deps.limiter.consume("invite-household", householdId, deps.config.rateLimits.invitesPerHousehold);
}
