import type { PushResponse } from "../../core/protocol";
import { TABLES, isTableName } from "../../core/tables";
import type { Deps } from "../deps";
import type { Scope } from "../sync/row-store";
import type { D1Queryable } from "../sync/d1";

/**
 * After a push that changed something, pokes the household's live sockets with its new version
 * (`households.seq`); a push that touched only user-scoped tables pokes only that user's sockets.
 * Never fails the push: a lost poke is caught up by the next one or by the clients' interval.
 */
export async function pokeAfterPush(
  deps: Deps,
  input: { scope: Scope; db: D1Queryable; pushed: PushResponse },
): Promise<void> {
  if (!deps.hub) return;
  const changed = Object.entries(input.pushed.results)
    .filter(([, rows]) => rows.some((r) => r.status === "applied"))
    .map(([table]) => table);
  if (changed.length === 0) return;
  const userOnly = changed.every((t) => isTableName(t) && TABLES[t].scope === "user");
  try {
    const row = await input.db
      .prepare(`SELECT "seq" FROM "households" WHERE "id" = ?1`)
      .bind(input.scope.householdId)
      .first<{ seq: number }>();
    const version = Number(row?.seq ?? 0);
    await deps.hub.poke(input.scope.householdId, {
      version,
      userId: userOnly ? input.scope.userId : undefined,
    });
  } catch (err) {
    deps.logger.error("live: poke failed", { householdId: input.scope.householdId, error: String(err) });
  }
}
