import { quoteIdent as q, tsColumn } from "../../core/ddl";
import { TABLE_DEFS } from "../../core/tables";

export interface PurgeResult {
  cutoff: string;
  purged: Record<string, number>;
}

/**
 * Collects tombstones whose delete is older than the retention period. What goes is the payload (every
 * field value but `deletedAt`); what stays is a skeleton of a few dozen bytes: id, owner, `createdAt`,
 * `version`, `deletedAt`, the field stamps and `purgedAt`. A skeleton is final: the push UPSERT never
 * updates it (write-sql.ts), so no push of any age (a device offline for months, a creation resent
 * after a lost answer) brings the row back; such a push is answered `stale` with the skeleton.
 * Skeletons are kept for as long as the household exists.
 *
 * Each household remembers the highest sequence number it purged (`purgedSeq`): a device whose cursor
 * is older may still show a row whose delete it never pulled, and pulls never return skeletons, so
 * its pull answers `resync_required`: it downloads the household afresh and drops what the server
 * no longer shows.
 */
export async function purgeTombstones(
  db: D1Database,
  options: { nowMs: number; retentionSeconds: number },
): Promise<PurgeResult> {
  const cutoff = new Date(options.nowMs - options.retentionSeconds * 1000).toISOString();
  const now = new Date(options.nowMs).toISOString();
  const purged: Record<string, number> = {};
  for (const table of TABLE_DEFS) {
    const t = q(table.name);
    const deletedTs = q(tsColumn("deletedAt"));
    const old = `${q("deletedAt")} IS NOT NULL AND ${deletedTs} < ?1 AND ${q("purgedAt")} IS NULL`;
    const dropped = table.mergeFields.filter((f) => f !== "deletedAt").map((f) => `${q(f)} = NULL`);
    // Horizon first, then the payloads, in one atomic batch.
    const [, skeletons] = await db.batch([
      db
        .prepare(
          `UPDATE ${q("households")} SET ${q("purgedSeq")} = MAX(${q("purgedSeq")},
             (SELECT MAX(${q("version")}) FROM ${t} WHERE ${t}.${q("householdId")} = ${q("households")}.${q("id")} AND ${old}))
           WHERE ${q("id")} IN (SELECT ${q("householdId")} FROM ${t} WHERE ${old})`,
        )
        .bind(cutoff),
      db.prepare(`UPDATE ${t} SET ${[`${q("purgedAt")} = ?2`, ...dropped].join(", ")} WHERE ${old}`).bind(cutoff, now),
    ]);
    purged[table.name] = skeletons?.meta.changes ?? 0;
  }
  return { cutoff, purged };
}
