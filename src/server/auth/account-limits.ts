import type { Deps } from "../deps";

// Every rate limit of the account features (issue 12) in one place, on the shared `deps.limiter`
// interface: the limiter's implementation may change (atomic counters) without touching handlers.

export function clientIp(req: Request): string {
  return req.headers.get("cf-connecting-ip") ?? "local";
}

/**
 * A password confirmed inside a session (password change) counts against the sign-in limits: checked
 * before the bcrypt compare, a failure counted after it, exactly like a failed sign-in.
 */
export async function checkPasswordAttempt(deps: Deps, req: Request, email: string): Promise<() => Promise<void>> {
  const { loginPerEmail, loginPerIp } = deps.config.rateLimits;
  const ip = clientIp(req);
  await deps.limiter.check("login-email", email, loginPerEmail);
  await deps.limiter.check("login-ip", ip, loginPerIp);
  return async () => {
    await deps.limiter.hit("login-email", email, loginPerEmail);
    await deps.limiter.hit("login-ip", ip, loginPerIp);
  };
}

/** Reset emails: per address (so nobody floods one inbox) and per IP (so nobody probes many). */
export async function limitResetRequest(deps: Deps, req: Request, email: string): Promise<void> {
  const { resetPerEmail, resetPerIp } = deps.config.rateLimits;
  const ip = clientIp(req);
  await deps.limiter.check("reset-ip", ip, resetPerIp);
  await deps.limiter.check("reset-email", email, resetPerEmail);
  await deps.limiter.hit("reset-ip", ip, resetPerIp);
  await deps.limiter.hit("reset-email", email, resetPerEmail);
}

/** Invite creation (and verification resends) per household: each one may send an email. */
export async function limitInviteCreation(deps: Deps, householdId: string): Promise<void> {
  const rule = deps.config.rateLimits.invitesPerHousehold;
  await deps.limiter.check("invite-household", householdId, rule);
  await deps.limiter.hit("invite-household", householdId, rule);
}
