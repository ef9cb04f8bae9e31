import {
  createInviteRequest,
  inviteCodeRequest,
  memberIdRequest,
  renameHouseholdRequest,
  type InvitesResponse,
} from "../../core/account-protocol";
import { DomusError } from "../../core/errors";
import type { HouseholdResponse, InviteResponse } from "../../core/protocol";
import { limitInviteCreation } from "../auth/account-limits";
import type { Deps } from "../deps";
import { appOrigin, inviteMessage } from "../email/messages";
import { json, noContent } from "../http/respond";
import { parse, readJson } from "../http/read-body";
import { authenticateMember, requireOwner, type Member } from "./authenticate-member";
import { claimInvite, listInvites, newInviteCode, releaseInvite, revokeInvite, storeInvite } from "./invites";
import { moveIntoOwnHousehold, moveUser } from "./membership";

/** A body is optional where every field is: no body at all is `{}`. */
async function optionalJson(req: Request, deps: Deps): Promise<unknown> {
  if (!req.headers.get("content-type") && !req.body) return {};
  return readJson(req, deps.config.maxBodyBytes);
}

async function householdBody(deps: Deps, m: Member): Promise<HouseholdResponse> {
  const household = await deps.users.householdWithOwner(m.householdId);
  if (!household) throw new DomusError("not_found", "Your household no longer exists.");
  return {
    household: { id: household.id, name: household.name },
    members: await deps.users.members(m.householdId),
    ownerId: household.ownerId,
    role: m.role,
  };
}

export async function getHousehold(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  return json(await householdBody(deps, m));
}

/** `POST /api/household/invites {email?}` (owner): a code; with `email`, the link is emailed too. */
export async function createInvite(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "invite people");
  const body = parse(createInviteRequest, await optionalJson(req, deps));
  await limitInviteCreation(deps, m.householdId);
  const code = newInviteCode();
  const { expiresAt } = await storeInvite(deps.db, {
    code,
    householdId: m.householdId,
    createdBy: m.userId,
    email: body.email ?? null,
    now: deps.now(),
    ttlSeconds: deps.config.inviteSeconds,
  });
  if (body.email) {
    const url = `${appOrigin(req, deps.config.allowedOrigins)}/join/${code}`;
    await deps.email.send(
      inviteMessage({ to: body.email, inviter: m.name, householdName: m.householdName, url, expiresAt }),
    );
  }
  const response: InviteResponse = { code, expiresAt };
  return json(response, { status: 201 });
}

/** `GET /api/household/invites` (owner): pending codes, who made them, when they expire. */
export async function getInvites(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "see the household's invites");
  const body: InvitesResponse = { invites: await listInvites(deps.db, m.householdId, deps.now()) };
  return json(body);
}

/** `POST /api/household/invites/revoke {code}` (owner): the code stops working at once. */
export async function revokeInviteHandler(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "revoke invites");
  const { code } = parse(inviteCodeRequest, await readJson(req, deps.config.maxBodyBytes));
  if (!(await revokeInvite(deps.db, m.householdId, code))) {
    throw new DomusError("not_found", "There is no pending invite with that code in your household.");
  }
  return noContent();
}

/** `POST /api/household/rename {name}` (owner). */
export async function renameHousehold(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "rename the household");
  const { name } = parse(renameHouseholdRequest, await readJson(req, deps.config.maxBodyBytes));
  await deps.db.prepare(`UPDATE households SET name = ? WHERE id = ?`).bind(name, m.householdId).run();
  return json(await householdBody(deps, { ...m, householdName: name }));
}

async function otherMember(deps: Deps, m: Member, userId: string) {
  const other = await deps.users.findById(userId);
  if (!other || other.householdId !== m.householdId) {
    throw new DomusError("not_found", "That person is not a member of your household.");
  }
  if (other.id === m.userId) throw new DomusError("conflict", "That is you.");
  return other;
}

/** `POST /api/household/transfer {userId}` (owner): another member becomes the owner. */
export async function transferOwnership(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "hand over the household");
  const { userId } = parse(memberIdRequest, await readJson(req, deps.config.maxBodyBytes));
  const other = await otherMember(deps, m, userId);
  const res = await deps.db
    .prepare(
      `UPDATE households SET ownerId = ?1 WHERE id = ?2 AND ownerId = ?3 AND EXISTS (SELECT 1 FROM users WHERE id = ?1 AND householdId = ?2)`,
    )
    .bind(other.id, m.householdId, m.userId)
    .run();
  if ((res.meta.changes ?? 0) === 0)
    throw new DomusError("conflict", "The household changed meanwhile. Reload and try again.");
  return json(await householdBody(deps, { ...m, role: "member" }));
}

/**
 * `POST /api/household/remove-member {userId}` (owner): the member is moved into a new empty
 * household of their own at once; their devices drop this household's data on their next sync.
 */
export async function removeMember(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  requireOwner(m, "remove members");
  const { userId } = parse(memberIdRequest, await readJson(req, deps.config.maxBodyBytes));
  const other = await otherMember(deps, m, userId);
  const shard = m.shard ?? (await deps.shards.shardOf(m.householdId));
  await moveIntoOwnHousehold(deps, {
    user: other,
    from: { id: m.householdId, name: m.householdName, shard },
    reason: "removed",
  });
  return json(await householdBody(deps, m));
}

/**
 * `POST /api/household/leave`: the caller gets a new empty household of their own, keeping their
 * preferences; an owner's household passes to its longest-standing member; the last member leaving
 * removes the household and its data.
 */
export async function leaveHousehold(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  const shard = m.shard ?? (await deps.shards.shardOf(m.householdId));
  const own = await moveIntoOwnHousehold(deps, {
    user: { id: m.userId, email: m.email, name: m.name },
    from: { id: m.householdId, name: m.householdName, shard },
    reason: "left",
  });
  return json({ user: { id: m.userId, email: m.email, name: m.name }, household: { id: own.id, name: own.name } });
}

/**
 * `POST /api/household/join {code}`: a signed-in user of another household accepts an invite; they
 * leave their household (as with leave) and their preferences follow them.
 */
export async function joinHousehold(req: Request, deps: Deps): Promise<Response> {
  const m = await authenticateMember(req, deps);
  const { code } = parse(inviteCodeRequest, await readJson(req, deps.config.maxBodyBytes));
  const claimed = await claimInvite(deps.db, code, m.userId, deps.now());
  const target = claimed && (await deps.users.household(claimed.householdId));
  if (!claimed || !target) {
    if (claimed) await releaseInvite(deps.db, code, m.userId);
    throw new DomusError("invalid_invite", "That invite code is not valid or has expired. Ask for a new one.");
  }
  if (target.id === m.householdId) {
    await releaseInvite(deps.db, code, m.userId);
    throw new DomusError("conflict", `You are already a member of ${target.name}.`);
  }
  try {
    await moveUser(deps, {
      user: { id: m.userId, email: m.email, name: m.name },
      from: { id: m.householdId, name: m.householdName, shard: m.shard ?? (await deps.shards.shardOf(m.householdId)) },
      to: { ...target, shard: await deps.shards.shardOf(target.id) },
      reason: "joined_another",
    });
  } catch (err) {
    await releaseInvite(deps.db, code, m.userId);
    throw err;
  }
  return json({ user: { id: m.userId, email: m.email, name: m.name }, household: target });
}
