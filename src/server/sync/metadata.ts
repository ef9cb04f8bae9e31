import type { D1Queryable } from "./d1";
import type { TableSyncStatus } from "../../core/protocol";
import type { Scope } from "./row-store";

export interface MetadataUpdate {
  table: string;
  pushedAt?: string;
  pulledAt?: string;
  conflicts?: number;
}

/** The seed's sync_metadata: one row per user, household and table, keyed deterministically. */
export function metadataId(scope: Scope, table: string): string {
  return `${scope.householdId}:${scope.userId}:${table}`;
}

export async function recordSync(
  db: D1Queryable,
  scope: Scope,
  updates: readonly MetadataUpdate[],
  now: string,
): Promise<void> {
  if (updates.length === 0) return;
  await db.batch(
    updates.map((u) =>
      db
        .prepare(
          `INSERT INTO sync_metadata (id, userId, householdId, tableName, lastPullAt, lastPushAt, lastSyncAt, conflictCount, createdAt, updatedAt)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7)
           ON CONFLICT (id) DO UPDATE SET
             lastPullAt = COALESCE(?5, lastPullAt),
             lastPushAt = COALESCE(?6, lastPushAt),
             lastSyncAt = ?7,
             conflictCount = conflictCount + ?8,
             updatedAt = ?7`,
        )
        .bind(
          metadataId(scope, u.table),
          scope.userId,
          scope.householdId,
          u.table,
          u.pulledAt ?? null,
          u.pushedAt ?? null,
          now,
          u.conflicts ?? 0,
        ),
    ),
  );
}

export async function readSyncStatus(db: D1Queryable, scope: Scope): Promise<Record<string, TableSyncStatus>> {
  const { results } = await db
    .prepare(
      `SELECT tableName, lastPushAt, lastPullAt, lastSyncAt, conflictCount FROM sync_metadata WHERE householdId = ? AND userId = ?`,
    )
    .bind(scope.householdId, scope.userId)
    .all<TableSyncStatus & { tableName: string }>();
  const out: Record<string, TableSyncStatus> = {};
  for (const r of results) {
    out[r.tableName] = {
      lastPushAt: r.lastPushAt,
      lastPullAt: r.lastPullAt,
      lastSyncAt: r.lastSyncAt,
      conflictCount: Number(r.conflictCount),
    };
  }
  return out;
}
