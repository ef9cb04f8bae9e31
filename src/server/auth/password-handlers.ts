import { changePasswordRequest, forgotPasswordRequest, resetPasswordRequest } from "../../core/account-protocol";
import { DomusError } from "../../core/errors";
import type { Deps } from "../deps";
import { appOrigin, resetMessage } from "../email/messages";
import { authenticateMember } from "../household/authenticate-member";
import { json } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { limitResetRequest } from "./account-limits";
import { startPasswordAttempt } from "./password-attempt";
import { consumeToken, issueToken } from "./auth-tokens";
import { startSession } from "./handlers";
import { endSessions } from "./end-sessions";

/**
 * `POST /api/auth/forgot-password {email}` → 202 whether or not the account exists (the same body,
 * and the email is sent after the answer's work is the same), limited per email and per IP.
 * Domus accounts have no other way in than the password, so every account may reset by email,
 * verified or not; opening the link proves the address, so it also marks the address verified.
 */
export async function forgotPassword(req: Request, deps: Deps): Promise<Response> {
  const { email } = parse(forgotPasswordRequest, await readJson(req, deps.config.maxBodyBytes));
  await limitResetRequest(deps, req, email);
  const user = await deps.users.findByEmail(email);
  if (user) {
    const household = await deps.users.household(user.householdId);
    const token = await issueToken(deps.db, {
      purpose: "reset",
      userId: user.id,
      email: user.email,
      now: deps.now(),
      ttlSeconds: deps.config.resetSeconds,
    });
    const url = `${appOrigin(req, deps.config.allowedOrigins)}/reset-password#token=${token}`;
    await deps.email.send(
      resetMessage({
        to: user.email,
        name: user.name,
        householdName: household?.name ?? "your household",
        url,
        minutes: Math.max(1, Math.round(deps.config.resetSeconds / 60)),
      }),
    );
  }
  return json(
    { sent: true, message: "If an account uses that address, we sent it a link to choose a new password." },
    { status: 202 },
  );
}

/**
 * `POST /api/auth/reset-password {token, password}`: single use; sets the password, ends every
 * session of the account and signs in the device that used the link.
 */
export async function resetPassword(req: Request, deps: Deps): Promise<Response> {
  const body = parse(resetPasswordRequest, await readJson(req, deps.config.maxBodyBytes));
  const used = await consumeToken(deps.db, { purpose: "reset", token: body.token, now: deps.now() });
  const user = await deps.users.findById(used.userId);
  // The account's address changed (or the account went) since the link was sent.
  if (!user || user.email !== used.email)
    throw new DomusError("invalid_link", "This link is not valid. Ask for a new one.");
  await deps.users.setPassword(user.id, await deps.hasher.hash(body.password));
  await deps.users.markVerified(user.id, user.email, new Date(deps.now()).toISOString());
  await endSessions(deps, user.id);
  const household = await deps.users.household(user.householdId);
  if (!household) throw new DomusError("not_found", "Your household no longer exists.");
  return startSession(
    deps,
    req,
    {
      userId: user.id,
      email: user.email,
      name: user.name,
      householdId: household.id,
      householdName: household.name,
      shard: await deps.shards.shardOf(household.id),
    },
    200,
  );
}

/**
 * `POST /api/auth/change-password {currentPassword, newPassword}`: the current password counts
 * against the sign-in limits; every other session of the account ends, this one stays.
 */
export async function changePassword(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  const body = parse(changePasswordRequest, await readJson(req, deps.config.maxBodyBytes));
  // Counted before the compare, against the sign-in allowance: a session is no password oracle.
  const attempt = await startPasswordAttempt(req, deps, m.email);
  const user = await deps.users.findById(m.userId);
  if (!user || !(await deps.hasher.verify(body.currentPassword, user.passwordHash))) {
    throw new DomusError("invalid_credentials", "Your current password is not correct.");
  }
  await attempt.succeeded();
  await deps.users.setPassword(user.id, await deps.hasher.hash(body.newPassword));
  const ended = await endSessions(deps, user.id, { except: m.sid });
  return json({ changed: true, signedOut: ended.length });
}
