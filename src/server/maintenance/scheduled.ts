import type { Env } from "../config";
import { parseDuration } from "../config";
import { consoleLogger } from "../http/respond";
import { purgeTombstones } from "./purge-tombstones";

/** The cron trigger's work (wrangler.jsonc `triggers.crons`): tombstone collection. */
export async function runScheduled(env: Env & { TOMBSTONE_RETENTION?: string }, nowMs = Date.now()): Promise<void> {
  const retentionSeconds = parseDuration(env.TOMBSTONE_RETENTION ?? "90d", "TOMBSTONE_RETENTION");
  const result = await purgeTombstones(env.DB, { nowMs, retentionSeconds });
  consoleLogger.info("tombstones_purged", { ...result });
}
