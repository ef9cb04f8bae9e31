import { verifyEmailRequest } from "../../core/account-protocol";
import { DomusError } from "../../core/errors";
import type { Deps } from "../deps";
import { appOrigin, verifyMessage } from "../email/messages";
import { authenticateMember } from "../household/authenticate-member";
import { json, noContent } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { limitInviteCreation } from "./account-limits";
import { consumeToken, issueToken } from "./auth-tokens";

const VERIFY_TTL_SECONDS = 7 * 86_400;

/**
 * Emails a verification link. Sign-up never fails because of email: an account works fully while
 * unverified, and the banner in the app can send the link again.
 */
export async function sendVerification(
  deps: Deps,
  req: Request,
  user: { id: string; email: string; name: string },
  householdName: string,
): Promise<void> {
  try {
    const token = await issueToken(deps.db, {
      purpose: "verify",
      userId: user.id,
      email: user.email,
      now: deps.now(),
      ttlSeconds: VERIFY_TTL_SECONDS,
    });
    const url = `${appOrigin(req, deps.config.allowedOrigins)}/verify-email#token=${token}`;
    await deps.email.send(verifyMessage({ to: user.email, name: user.name, householdName, url }));
  } catch (err) {
    deps.logger.error("verification_email_failed", { message: err instanceof Error ? err.message : String(err) });
  }
}

/** `POST /api/auth/verify-email {token}`: no session needed (the link may be opened on another device). */
export async function verifyEmail(req: Request, deps: Deps): Promise<Response> {
  const { token } = parse(verifyEmailRequest, await readJson(req, deps.config.maxBodyBytes));
  const used = await consumeToken(deps.db, { purpose: "verify", token, now: deps.now() });
  await deps.users.markVerified(used.userId, used.email, new Date(deps.now()).toISOString());
  return json({ verified: true, email: used.email });
}

/** `POST /api/auth/resend-verification`: a new link for the signed-in, unverified account. */
export async function resendVerification(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  const user = await deps.users.findById(m.userId);
  if (!user) throw new DomusError("unauthorized", "Sign in to continue.");
  if (user.emailVerifiedAt) throw new DomusError("conflict", "Your email address is already confirmed.");
  await limitInviteCreation(deps, `verify:${m.userId}`);
  await sendVerification(deps, req, user, m.householdName);
  return noContent();
}
