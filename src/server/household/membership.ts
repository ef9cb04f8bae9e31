import { quoteIdent as q, tableColumns } from "../../core/ddl";
import type { TableDef } from "../../core/define-table";
import { DomusError } from "../../core/errors";
import { TABLES } from "../../core/tables";
import { closeMemberSockets } from "../auth/end-sessions";
import type { SessionInfo } from "../auth/session-store";
import type { Deps } from "../deps";
import { PRIMARY_SHARD } from "../shards/shard-map";

export type DepartureReason = "left" | "removed" | "joined_another";

const USER_TABLES = (Object.values(TABLES) as TableDef[]).filter((t) => t.scope === "user");
const ALL_TABLES = Object.values(TABLES) as TableDef[];

/** Removes a household and everything in it: rows, sync metadata, invites (cascade), shard entry. */
export async function deleteHousehold(deps: Deps, household: { id: string; shard: string }): Promise<void> {
  const data = deps.shards.database(household.shard);
  const inShard = [
    ...ALL_TABLES.map((t) => data.prepare(`DELETE FROM ${q(t.name)} WHERE householdId = ?`).bind(household.id)),
    data.prepare(`DELETE FROM sync_metadata WHERE householdId = ?`).bind(household.id),
  ];
  if (household.shard !== PRIMARY_SHARD) {
    inShard.push(data.prepare(`DELETE FROM households WHERE id = ?`).bind(household.id));
    await data.batch(inShard);
    await deps.db.prepare(`DELETE FROM households WHERE id = ?`).bind(household.id).run();
    await deps.kv.delete(`shard:${household.id}`);
  } else {
    await deps.db.batch([...inShard, deps.db.prepare(`DELETE FROM households WHERE id = ?`).bind(household.id)]);
  }
}

/**
 * Moves a user's own rows (user-scoped tables: preferences) from one household to another: they stay
 * the user's. Each row takes a new number of the target household's change sequence, so devices
 * already in that household pull them, then the rows go from the old household.
 */
async function moveUserRows(
  deps: Deps,
  userId: string,
  from: { id: string; shard: string },
  to: { id: string; shard: string },
  now: number,
): Promise<void> {
  const source = deps.shards.database(from.shard);
  const target = deps.shards.database(to.shard);
  for (const table of USER_TABLES) {
    const cols = tableColumns(table);
    const { results } = await source
      .prepare(
        `SELECT ${cols.map(q).join(", ")} FROM ${q(table.name)} WHERE householdId = ? AND userId = ? ORDER BY version`,
      )
      .bind(from.id, userId)
      .all<Record<string, unknown>>();
    if (results.length > 0) {
      const syncedAt = new Date(now).toISOString();
      const placeholders = cols.map((c) => (c === "version" ? `(SELECT seq FROM households WHERE id = ?) + ?` : "?"));
      const inserts = results.map((row, i) =>
        target
          .prepare(
            `INSERT INTO ${q(table.name)} (${cols.map(q).join(", ")}) VALUES (${placeholders.join(", ")}) ON CONFLICT DO NOTHING`,
          )
          .bind(
            ...cols.flatMap((c) =>
              c === "version"
                ? [to.id, i + 1]
                : c === "householdId"
                  ? [to.id]
                  : c === "syncedAt"
                    ? [syncedAt]
                    : [row[c] ?? null],
            ),
          ),
      );
      await target.batch([
        ...inserts,
        target.prepare(`UPDATE households SET seq = seq + ? WHERE id = ?`).bind(results.length, to.id),
      ]);
    }
    await source
      .prepare(`DELETE FROM ${q(table.name)} WHERE householdId = ? AND userId = ?`)
      .bind(from.id, userId)
      .run();
  }
  await source.prepare(`DELETE FROM sync_metadata WHERE householdId = ? AND userId = ?`).bind(from.id, userId).run();
}

/** A new empty household owned by `user`, in the same shard as `near` (so their rows move within one database). */
async function createOwnHousehold(
  deps: Deps,
  user: { id: string; name: string },
  shard: string,
): Promise<{ id: string; name: string; shard: string }> {
  const household = { id: crypto.randomUUID(), name: `${user.name}'s home`.slice(0, 100) };
  const createdAt = new Date(deps.now()).toISOString();
  await deps.db
    .prepare(`INSERT INTO households (id, name, createdAt, ownerId) VALUES (?, ?, ?, ?)`)
    .bind(household.id, household.name, createdAt, user.id)
    .run();
  await deps.shards.assign({ ...household, createdAt }, shard);
  return { ...household, shard };
}

/**
 * Moves a member out into a new empty household of their own (leave, removal). The new household
 * exists before the move; if the move loses (the member moved meanwhile, e.g. a parallel leave) it is
 * deleted again, so no request leaves an empty household behind.
 */
export async function moveIntoOwnHousehold(
  deps: Deps,
  input: {
    user: { id: string; email: string; name: string };
    from: { id: string; name: string; shard: string };
    reason: DepartureReason;
  },
): Promise<{ id: string; name: string; shard: string }> {
  const own = await createOwnHousehold(deps, input.user, input.from.shard);
  try {
    await moveUser(deps, { ...input, to: own });
  } catch (err) {
    const members = await deps.db
      .prepare(`SELECT COUNT(*) AS n FROM users WHERE householdId = ?`)
      .bind(own.id)
      .first<{ n: number }>();
    if (Number(members?.n ?? 0) === 0) await deleteHousehold(deps, own);
    throw err;
  }
  return own;
}

function departureKey(userId: string, householdId: string): string {
  return `departure:${userId}:${householdId}`;
}

/** Why a user is no longer in a household, for the message their devices show (kept 90 days). */
export async function departureOf(
  deps: Deps,
  userId: string,
  householdId: string,
): Promise<{ reason: DepartureReason | "unknown"; householdName: string | null }> {
  const raw = await deps.kv.get(departureKey(userId, householdId));
  if (!raw) return { reason: "unknown", householdName: null };
  return JSON.parse(raw) as { reason: DepartureReason; householdName: string };
}

/**
 * Moves a user from one household into another (leave, removal, joining another household). The
 * guarded UPDATE of `users` is the moment it happens: every later request of any of their sessions
 * sees the new household (authenticateMember reads it from D1). Then their own rows follow them,
 * the old household gets a new owner if they owned it, or goes entirely if nobody is left, and their
 * sessions in KV are rewritten.
 */
export async function moveUser(
  deps: Deps,
  input: {
    user: { id: string; email: string; name: string };
    from: { id: string; name: string; shard: string };
    to: { id: string; name: string; shard: string };
    reason: DepartureReason;
  },
): Promise<void> {
  const { user, from, to } = input;
  const [moved] = await deps.db.batch([
    deps.db.prepare(`UPDATE users SET householdId = ? WHERE id = ? AND householdId = ?`).bind(to.id, user.id, from.id),
    // An owner who goes hands the household to its longest-standing remaining member.
    deps.db
      .prepare(
        `UPDATE households SET ownerId = (SELECT id FROM users WHERE householdId = ?1 ORDER BY createdAt, id LIMIT 1) WHERE id = ?1 AND (ownerId = ?2 OR ownerId IS NULL)`,
      )
      .bind(from.id, user.id),
  ]);
  if ((moved?.meta.changes ?? 0) === 0) {
    throw new DomusError("conflict", "Your household changed meanwhile. Reload and try again.");
  }
  await deps.kv.put(
    departureKey(user.id, from.id),
    JSON.stringify({ reason: input.reason, householdName: from.name }),
    { expirationTtl: 90 * 86_400 },
  );
  await moveUserRows(deps, user.id, from, to, deps.now());
  const left = await deps.db
    .prepare(`SELECT COUNT(*) AS n FROM users WHERE householdId = ?`)
    .bind(from.id)
    .first<{ n: number }>();
  if (Number(left?.n ?? 0) === 0) await deleteHousehold(deps, from);
  const info: SessionInfo = {
    userId: user.id,
    email: user.email,
    name: user.name,
    householdId: to.id,
    householdName: to.name,
    shard: to.shard,
  };
  await deps.sessions.updateAll(user.id, info, deps.now());
  await closeMemberSockets(deps, user.id, from.id);
}
