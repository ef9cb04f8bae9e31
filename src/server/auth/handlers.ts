import { closeLiveSockets } from "../live/close-live-sockets";
import { DomusError } from "../../core/errors";
import { loginRequest, registerRequest, type SessionResponse } from "../../core/protocol";
import type { Deps } from "../deps";
import { json, noContent } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { authenticate, clearedCookie, sessionCookie } from "./authenticate";
import type { SessionInfo } from "./session-store";
import { signSessionToken } from "./tokens";
import type { UserRecord } from "./user-store";
import { findInvite, useInvite } from "../household/invites";

function clientIp(req: Request): string {
  return req.headers.get("cf-connecting-ip") ?? "local";
}

async function startSession(deps: Deps, req: Request, info: SessionInfo, status: number): Promise<Response> {
  const sid = crypto.randomUUID();
  const ttl = deps.config.sessionSeconds;
  await deps.sessions.create({ userId: info.userId, sid }, info, ttl);
  await deps.sessions.putUser(info);
  const token = await signSessionToken({ sid, sub: info.userId }, deps.config.jwtSecret, ttl);
  const body: SessionResponse & { token?: string } = {
    user: { id: info.userId, email: info.email, name: info.name },
    household: { id: info.householdId, name: info.householdName },
  };
  // Non-browser clients (no Sec-Fetch-Mode) get the token for Authorization: Bearer; browsers get
  // only the HttpOnly cookie, so page scripts never hold the token.
  if (!req.headers.has("sec-fetch-mode")) body.token = token;
  return json(body, { status, headers: { "set-cookie": sessionCookie(req, token, ttl) } });
}

export async function register(req: Request, deps: Deps): Promise<Response> {
  const rule = deps.config.rateLimits.registerPerIp;
  const ip = clientIp(req);
  await deps.limiter.check("register-ip", ip, rule);
  const body = parse(registerRequest, await readJson(req, deps.config.maxBodyBytes));
  await deps.limiter.hit("register-ip", ip, rule);

  let household: { id: string; name: string };
  let isNew = false;
  if (body.inviteCode) {
    const invite = await findInvite(deps.kv, body.inviteCode, deps.now());
    const found = invite && (await deps.users.household(invite.householdId));
    if (!found)
      throw new DomusError("invalid_invite", "That invite code is not valid or has expired. Ask for a new one.");
    household = found;
  } else {
    household = { id: crypto.randomUUID(), name: body.householdName ?? `${body.name}'s home` };
    isNew = true;
  }
  // Where the household's rows live, settled before anything is written.
  const shard = isNew ? deps.shards.placeNew() : await deps.shards.shardOf(household.id);
  const user: UserRecord = {
    id: crypto.randomUUID(),
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
  if (body.inviteCode) await useInvite(deps.kv, body.inviteCode);
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
  );
}

export async function login(req: Request, deps: Deps): Promise<Response> {
  const body = parse(loginRequest, await readJson(req, deps.config.maxBodyBytes));
  const ip = clientIp(req);
  const { loginPerEmail, loginPerIp } = deps.config.rateLimits;
  await deps.limiter.check("login-email", body.email, loginPerEmail);
  await deps.limiter.check("login-ip", ip, loginPerIp);

  const user = await deps.users.findByEmail(body.email);
  // An unknown email costs a bcrypt compare too, so timing does not tell which emails exist.
  const ok = user
    ? await deps.hasher.verify(body.password, user.passwordHash)
    : await deps.hasher.verifyDummy(body.password);
  const household = user && ok ? await deps.users.household(user.householdId) : null;
  if (!user || !ok || !household) {
    await deps.limiter.hit("login-email", body.email, loginPerEmail);
    await deps.limiter.hit("login-ip", ip, loginPerIp);
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
  );
}

export async function logout(req: Request, deps: Deps): Promise<Response> {
  try {
    const session = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
    await deps.sessions.delete({ userId: session.userId, sid: session.sid });
    await closeLiveSockets(deps, session.householdId, { userId: session.userId, sid: session.sid });
  } catch (err) {
    if (!(err instanceof DomusError && err.code === "unauthorized")) throw err;
    // Signing out without a valid session still clears the cookie.
  }
  return noContent({ "set-cookie": clearedCookie(req) });
}

export async function me(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const body: SessionResponse = {
    user: { id: s.userId, email: s.email, name: s.name },
    household: { id: s.householdId, name: s.householdName },
  };
  return json(body);
}
