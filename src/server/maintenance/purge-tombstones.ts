import { quoteIdent as q, tsColumn } from "../../core/ddl";
import { TABLE_DEFS } from "../../core/tables";

export interface PurgeResult {
  cutoff: string;
  purged: Record<string, number>;
}

/**
 * Deletes tombstones whose delete is older than the retention period, so deleted rows do not pile
 * up forever. Each household remembers the highest sequence number it purged (`purgedSeq`): a
 * client whose cursor is older than that may have missed a delete that no longer exists to pull, so
 * its pull answers `resync_required` and it downloads the household afresh.
 */
export async function purgeTombstones(
  db: D1Database,
  options: { nowMs: number; retentionSeconds: number },
): Promise<PurgeResult> {
  const cutoff = new Date(options.nowMs - options.retentionSeconds * 1000).toISOString();
  const purged: Record<string, number> = {};
  for (const table of TABLE_DEFS) {
    const t = q(table.name);
    const deletedTs = q(tsColumn("deletedAt"));
    const old = `${q("deletedAt")} IS NOT NULL AND ${deletedTs} < ?1`;
    // Horizon first, then the delete, in one atomic batch.
    const [, deleted] = await db.batch([
      db
        .prepare(
          `UPDATE ${q("households")} SET ${q("purgedSeq")} = MAX(${q("purgedSeq")},
             (SELECT MAX(${q("version")}) FROM ${t} WHERE ${t}.${q("householdId")} = ${q("households")}.${q("id")} AND ${old}))
           WHERE ${q("id")} IN (SELECT ${q("householdId")} FROM ${t} WHERE ${old})`,
        )
        .bind(cutoff),
      db.prepare(`DELETE FROM ${t} WHERE ${old}`).bind(cutoff),
    ]);
    purged[table.name] = deleted?.meta.changes ?? 0;
  }
  return { cutoff, purged };
}
