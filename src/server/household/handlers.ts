import { DomusError } from "../../core/errors";
import type { HouseholdResponse, InviteResponse } from "../../core/protocol";
import { authenticate } from "../auth/authenticate";
import type { Deps } from "../deps";
import { json } from "../http/respond";
import { newInviteCode, storeInvite } from "./invites";

export async function createInvite(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const code = newInviteCode();
  const ttl = deps.config.inviteSeconds;
  const expiresAt = new Date(deps.now() + ttl * 1000).toISOString();
  await storeInvite(deps.kv, code, { householdId: s.householdId, createdBy: s.userId, expiresAt }, ttl);
  const body: InviteResponse = { code, expiresAt };
  return json(body, { status: 201 });
}

export async function getHousehold(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const household = await deps.users.household(s.householdId);
  if (!household) throw new DomusError("not_found", "Your household no longer exists.");
  const body: HouseholdResponse = { household, members: await deps.users.members(s.householdId) };
  return json(body);
}
