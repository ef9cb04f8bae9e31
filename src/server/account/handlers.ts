import { z } from "zod";
import { quoteIdent as q } from "../../core/ddl";
import type { SyncedRow } from "../../core/define-table";
import { DomusError } from "../../core/errors";
import { TABLES, TABLE_DEFS } from "../../core/tables";
import { authenticate, clearedCookie } from "../auth/authenticate";
import type { Deps } from "../deps";
import { parse, readJson } from "../http/read-body";
import { PRIMARY_SHARD } from "../shards/shard-map";
import { householdData } from "../sync/household-data";
import { json, noContent } from "../http/respond";

/**
 * `GET /api/household/export`: everything the caller can see — the household, its members, every
 * household row (tombstones included) and the caller's own preferences — as one JSON download.
 */
export async function exportHousehold(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const scope = { householdId: s.householdId, userId: s.userId };
  const data = householdData(deps, s, req);
  const household = await deps.users.household(s.householdId);
  if (!household) throw new DomusError("not_found", "Your household no longer exists.");
  const tables: Record<string, SyncedRow[]> = {};
  for (const name of Object.keys(TABLES)) tables[name] = [];
  let after = 0;
  for (;;) {
    const page = await data.rows.pull(scope, after, 5000);
    for (const [name, rows] of Object.entries(page.changes)) tables[name]?.push(...rows);
    after = page.lastVersion;
    if (!page.hasMore) break;
  }
  const exportedAt = new Date(deps.now()).toISOString();
  const body = {
    format: "domus-export/v1",
    exportedAt,
    exportedBy: { id: s.userId, email: s.email, name: s.name },
    household,
    members: await deps.users.members(s.householdId),
    tables,
  };
  const filename = `domus-${exportedAt.slice(0, 10)}.json`;
  return json(body, { headers: { "content-disposition": `attachment; filename="${filename}"` } });
}

const deleteAccountRequest = z.strictObject({ password: z.string().min(1, "is required").max(1024) });

/**
 * `POST /api/auth/delete-account {password}`: removes the account. The user's own rows
 * (user-scoped tables), sync metadata and every session go; household rows stay with the household;
 * the last member leaving removes the household and all its rows.
 */
export async function deleteAccount(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const body = parse(deleteAccountRequest, await readJson(req, deps.config.maxBodyBytes));
  const user = await deps.users.findByEmail(s.email);
  if (!user || user.id !== s.userId || !(await deps.hasher.verify(body.password, user.passwordHash))) {
    throw new DomusError("invalid_credentials", "That password is not correct.");
  }
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
  const inPrimary = [primary.prepare(`DELETE FROM users WHERE id = ?`).bind(s.userId)];
  if (lastMember) inPrimary.push(primary.prepare(`DELETE FROM households WHERE id = ?`).bind(s.householdId));
  if (shard === PRIMARY_SHARD) await primary.batch([...inShard, ...inPrimary]);
  else {
    await data.batch(inShard);
    await primary.batch(inPrimary);
  }
  await deps.sessions.deleteAll(s.userId);
  return noContent({ "set-cookie": clearedCookie(req) });
}
