import { DomusError } from "../../core/errors";
import { loginRequest, registerRequest, type SessionResponse } from "../../core/protocol";
import type { Deps } from "../deps";
import { json, noContent } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { authenticate, clearedCookies, sessionCookie } from "./authenticate";
import type { SessionInfo } from "./session-store";
import { signSessionToken } from "./tokens";
import type { UserRecord } from "./user-store";
import { claimInvite, releaseInvite } from "../household/invites";
import { deviceCookie } from "./device-cookie";
import { clientIp, startPasswordAttempt } from "./password-attempt";
import { deviceLabel } from "./device-label";
import { endSessions } from "./end-sessions";
import { sendVerification } from "./verify-handlers";
import { authenticateMember } from "../household/authenticate-member";
import type { AccountResponse } from "../../core/account-protocol";

/** Signs the device in; `device` is the device-trust cookie to set with it (OWASP device cookies). */
export async function startSession(
  deps: Deps,
  req: Request,
  info: SessionInfo,
  status: number,
  device?: string,
): Promise<Response> {
  const sid = crypto.randomUUID();
  const ttl = deps.config.sessionSeconds;
  await deps.sessions.create({ userId: info.userId, sid }, info, ttl, {
    label: deviceLabel(req.headers.get("user-agent")),
    now: deps.now(),
  });
  await deps.sessions.putUser(info);
  const token = await signSessionToken({ sid, sub: info.userId }, deps.config.jwtSecret, ttl);
  const body: SessionResponse & { token?: string } = {
    user: { id: info.userId, email: info.email, name: info.name },
    household: { id: info.householdId, name: info.householdName },
  };
  // Non-browser clients (no Sec-Fetch-Mode) get the token for Authorization: Bearer; browsers get
  // only the HttpOnly cookie, so page scripts never hold the token.
  if (!req.headers.has("sec-fetch-mode")) body.token = token;
  const headers = new Headers();
  headers.append("set-cookie", sessionCookie(req, token, ttl));
  if (device) headers.append("set-cookie", device);
  return json(body, { status, headers });
}

export async function register(req: Request, deps: Deps): Promise<Response> {
  const rule = deps.config.rateLimits.registerPerIp;
  const body = parse(registerRequest, await readJson(req, deps.config.maxBodyBytes));
  // Counted before any lookup or hash: parallel sign-ups from one address are each counted.
  await deps.limiter.consume("register-ip", clientIp(req), rule);

  let household: { id: string; name: string };
  let isNew = false;
  const userId = crypto.randomUUID();
  const { inviteCode } = body;
  if (inviteCode) {
    // Claimed before the account exists, so parallel sign-ups with one code cannot all join.
    const claimed = await claimInvite(deps.db, inviteCode, userId, deps.now());
    const found = claimed && (await deps.users.household(claimed.householdId));
    if (!found) {
      if (claimed) await releaseInvite(deps.db, inviteCode, userId);
      throw new DomusError("invalid_invite", "That invite code is not valid or has expired. Ask for a new one.");
    }
    household = found;
  } else {
    household = { id: crypto.randomUUID(), name: body.householdName ?? `${body.name}'s home` };
    isNew = true;
  }
  let shard: string;
  let user: UserRecord;
  try {
    // Where the household's rows live, settled before anything is written.
    shard = isNew ? deps.shards.placeNew() : await deps.shards.shardOf(household.id);
    user = {
      id: userId,
      email: body.email,
      name: body.name,
      householdId: household.id,
      passwordHash: await deps.hasher.hash(body.password),
    };
    const created = await deps.users.create({
      user,
      newHousehold: isNew ? household : undefined,
      createdAt: new Date(deps.now()).toISOString(),
    });
    if (!created) throw new DomusError("email_taken", "An account with this email already exists. Sign in instead.");
  } catch (err) {
    // The account was not created: the code works again for the next person.
    if (inviteCode) await releaseInvite(deps.db, inviteCode, userId);
    throw err;
  }
  await sendVerification(deps, req, { id: user.id, email: user.email, name: user.name }, household.name);
  if (isNew) await deps.shards.assign({ ...household, createdAt: new Date(deps.now()).toISOString() }, shard);
  return startSession(
    deps,
    req,
    {
      userId: user.id,
      email: user.email,
      name: user.name,
      householdId: household.id,
      householdName: household.name,
      shard,
    },
    201,
    await deviceCookie(req, deps, user.email),
  );
}

export async function login(req: Request, deps: Deps): Promise<Response> {
  const body = parse(loginRequest, await readJson(req, deps.config.maxBodyBytes));
  const attempt = await startPasswordAttempt(req, deps, body.email);

  const user = await deps.users.findByEmail(body.email);
  // An unknown email costs a bcrypt compare too, so timing does not tell which emails exist.
  const ok = user
    ? await deps.hasher.verify(body.password, user.passwordHash)
    : await deps.hasher.verifyDummy(body.password);
  const household = user && ok ? await deps.users.household(user.householdId) : null;
  if (!user || !ok || !household) {
    throw new DomusError("invalid_credentials", "The email or password is not correct.");
  }
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
    await attempt.succeeded(),
  );
}

export async function logout(req: Request, deps: Deps): Promise<Response> {
  try {
    const session = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
    await endSessions(deps, session.userId, { only: session.sid, householdId: session.householdId });
  } catch (err) {
    if (!(err instanceof DomusError && err.code === "unauthorized")) throw err;
    // Signing out without a valid session still clears the cookie.
  }
  return noContent(clearedCookies(req));
}

/** `GET /api/auth/me`: who the caller is now (D1's truth: the household may have changed). */
export async function me(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  const user = await deps.users.findById(m.userId);
  const body: SessionResponse & AccountResponse = {
    user: { id: m.userId, email: m.email, name: m.name, emailVerified: Boolean(user?.emailVerifiedAt) },
    household: { id: m.householdId, name: m.householdName },
    role: m.role,
  };
  return json(body);
}
