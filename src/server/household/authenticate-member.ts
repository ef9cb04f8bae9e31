import { DomusError } from "../../core/errors";
import { authenticate, type Session } from "../auth/authenticate";
import type { Deps } from "../deps";
import { departureOf } from "./membership";

/** Sent by the sync client: the household whose data this device holds. */
export const HOUSEHOLD_HEADER = "x-domus-household";

export interface Member extends Session {
  role: "owner" | "member";
}

/**
 * The caller's session checked against D1, the source of truth for membership: a member removed a
 * moment ago is answered for their new household at once, even where KV still holds the old one.
 * When the device says (HOUSEHOLD_HEADER) it holds another household's data, the answer is 409
 * `household_changed` with the reason and the household the account is in now, so it drops that data.
 */
export async function authenticateMember(req: Request, deps: Deps): Promise<Member> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const row = await deps.db
    .prepare(
      `SELECT u.householdId, u.email, u.name, h.name AS householdName, h.ownerId FROM users u JOIN households h ON h.id = u.householdId WHERE u.id = ?`,
    )
    .bind(s.userId)
    .first<{ householdId: string; email: string; name: string; householdName: string; ownerId: string | null }>();
  if (!row) throw new DomusError("unauthorized", "Your account no longer exists. Sign in again.");
  let session: Session = s;
  if (row.householdId !== s.householdId || row.householdName !== s.householdName) {
    const shard = await deps.shards.shardOf(row.householdId);
    const info = {
      userId: s.userId,
      householdId: row.householdId,
      householdName: row.householdName,
      email: row.email,
      name: row.name,
      shard,
    };
    session = { ...info, sid: s.sid };
    await deps.sessions.updateAll(s.userId, info, deps.now());
  }
  const claimed = req.headers.get(HOUSEHOLD_HEADER);
  if (claimed && claimed !== row.householdId) {
    const departure = await departureOf(deps, s.userId, claimed);
    const name = departure.householdName ?? "your previous household";
    const why =
      departure.reason === "removed"
        ? `You were removed from ${name}.`
        : departure.reason === "left"
          ? `You left ${name}.`
          : departure.reason === "joined_another"
            ? `You joined ${row.householdName} and left ${name}.`
            : `This device held data of a household you are no longer in.`;
    throw new DomusError("household_changed", `${why} Its data is being removed from this device.`, {
      details: {
        reason: departure.reason,
        previous: { id: claimed, name: departure.householdName },
        household: { id: row.householdId, name: row.householdName },
      },
    });
  }
  return { ...session, role: row.ownerId === s.userId ? "owner" : "member" };
}

export function requireOwner(member: Member, action: string): void {
  if (member.role !== "owner") {
    throw new DomusError("forbidden", `Only the household's owner can ${action}.`);
  }
}
