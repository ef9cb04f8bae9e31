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
import { householdData } from "../sync/household-data";
import { noContent } from "../http/respond";

/**
 * Rows and bytes the export reads per query: it streams, so memory stays near one page. A query asks
 * for no more rows than the budget holds at the table's largest row (notes: 13 of 300 KB), so most of
 * a big household's export cost is per query: 1 MB pages took 1,450 ms of CPU at the 50 MB quota, 4 MB
 * pages 750–1,030 ms (docs/benchmarks.md); 8 MB pages saved no more and doubled the peak memory.
 */
const EXPORT_PAGE_ROWS = 100;
const EXPORT_PAGE_BYTES = 4_000_000;

/**
 * `GET /api/household/export`: everything the caller can see — the household, its members, every
 * household row (deletes included, until their payload is purged) and the caller's own preferences
 * — as one JSON download. Streamed table by table, a page at a time, so a household at its quota
 * exports without the Worker holding it in memory.
 */
export async function exportHousehold(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticateMember(req, deps);
  const scope = { householdId: s.householdId, userId: s.userId };
  const data = householdData(deps, s, req);
  const household = await deps.users.household(s.householdId);
  if (!household) throw new DomusError("not_found", "Your household no longer exists.");
  const exportedAt = new Date(deps.now()).toISOString();
  const head = {
    format: "domus-export/v1",
    exportedAt,
    exportedBy: { id: s.userId, email: s.email, name: s.name },
    household,
    members: await deps.users.members(s.householdId),
  };
  const tables = TABLE_DEFS;
  const encoder = new TextEncoder();
  let tableIndex = 0;
  let after = 0;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},"tables":{`));
    },
    // One page per pull: the runtime asks for more only as the client reads.
    async pull(controller) {
      const table = tables[tableIndex];
      if (!table) {
        controller.enqueue(encoder.encode("}}"));
        controller.close();
        return;
      }
      const opening = after === 0 && first ? `${tableIndex > 0 ? "," : ""}${JSON.stringify(table.name)}:[` : "";
      const page = await data.rows.tablePage(scope, table, after, EXPORT_PAGE_ROWS, EXPORT_PAGE_BYTES);
      const rows = page.rows.map((r) => JSON.stringify(r));
      let text = opening + (rows.length > 0 ? (first ? "" : ",") + rows.join(",") : "");
      if (rows.length > 0) first = false;
      after = page.lastVersion;
      if (page.done) {
        text += "]";
        tableIndex++;
        after = 0;
        first = true;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
  const filename = `domus-${exportedAt.slice(0, 10)}.json`;
  return new Response(stream, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });
}

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
