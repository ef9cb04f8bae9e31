import { z } from "zod";
import { passwordToCheck } from "../../core/protocol";
import { quoteIdent as q } from "../../core/ddl";
import { DomusError } from "../../core/errors";
import { TABLE_DEFS } from "../../core/tables";
import { clearedCookie } from "../auth/authenticate";
import { startPasswordAttempt } from "../auth/password-attempt";
import { authenticateMember } from "../household/authenticate-member";
import { endSessions } from "../auth/end-sessions";
import type { Deps } from "../deps";
import { parse, readJson } from "../http/read-body";
import { PRIMARY_SHARD } from "../shards/shard-map";
import { noContent } from "../http/respond";

export const deleteAccountRequest = z.strictObject({ password: passwordToCheck });

/**
 * `POST /api/auth/delete-account {password}`: removes the account. The user's own rows
 * (user-scoped tables), sync metadata and every session go; household rows stay with the household;
 * the last member leaving removes the household and all its rows.
 */
export async function deleteAccount(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticateMember(req, deps);
  const body = parse(deleteAccountRequest, await readJson(req, deps.config.maxBodyBytes));
  // A session is not a licence to guess the password: confirmations share the sign-in allowance.
  const attempt = await startPasswordAttempt(req, deps, s.email);
  const user = await deps.users.findByEmail(s.email);
  if (!user || user.id !== s.userId || !(await deps.hasher.verify(body.password, user.passwordHash))) {
    throw new DomusError("invalid_credentials", "That password is not correct.");
  }
  await attempt.succeeded();
  const primary = deps.db;
  const shard = s.shard ?? PRIMARY_SHARD;
  const data = deps.shards.database(shard);
  const tables = TABLE_DEFS;
  const remaining = await primary
    .prepare(`SELECT COUNT(*) AS n FROM users WHERE householdId = ? AND id != ?`)
    .bind(s.householdId, s.userId)
    .first<{ n: number }>();
  const lastMember = Number(remaining?.n ?? 0) === 0;
  // In the household's shard: the user's own rows and metadata, or everything if they are the last.
  const inShard: D1PreparedStatement[] = lastMember
    ? [
        ...tables.map((t) => data.prepare(`DELETE FROM ${q(t.name)} WHERE householdId = ?`).bind(s.householdId)),
        data.prepare(`DELETE FROM sync_metadata WHERE householdId = ?`).bind(s.householdId),
      ]
    : [
        ...tables
          .filter((t) => t.scope === "user")
          .map((t) =>
            data.prepare(`DELETE FROM ${q(t.name)} WHERE householdId = ? AND userId = ?`).bind(s.householdId, s.userId),
          ),
        data.prepare(`DELETE FROM sync_metadata WHERE householdId = ? AND userId = ?`).bind(s.householdId, s.userId),
      ];
  if (lastMember && shard !== PRIMARY_SHARD)
    inShard.push(data.prepare(`DELETE FROM households WHERE id = ?`).bind(s.householdId));
  // In the primary: the account, and the household when nobody is left.
  const inPrimary = [
    primary.prepare(`DELETE FROM users WHERE id = ?`).bind(s.userId),
    primary.prepare(`DELETE FROM auth_tokens WHERE userId = ?`).bind(s.userId),
    primary.prepare(`DELETE FROM push_subscriptions WHERE userId = ?`).bind(s.userId),
    primary.prepare(`DELETE FROM reminder_days WHERE userId = ?`).bind(s.userId),
    // The owner's household passes to its longest-standing remaining member; invites stay with it.
    primary
      .prepare(
        `UPDATE households SET ownerId = (SELECT id FROM users WHERE householdId = ?1 ORDER BY createdAt, id LIMIT 1) WHERE id = ?1 AND ownerId = ?2`,
      )
      .bind(s.householdId, s.userId),
  ];
  if (lastMember) inPrimary.push(primary.prepare(`DELETE FROM households WHERE id = ?`).bind(s.householdId));
  if (shard === PRIMARY_SHARD) await primary.batch([...inShard, ...inPrimary]);
  else {
    await data.batch(inShard);
    await primary.batch(inPrimary);
  }
  await endSessions(deps, s.userId, { householdId: s.householdId });
  return noContent({ "set-cookie": clearedCookie(req) });
}
