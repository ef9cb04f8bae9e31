import type { Env } from "../config";
import { parseDuration } from "../config";
import { consoleLogger } from "../http/respond";
import { purgeTombstones } from "./purge-tombstones";
import { purgeRateCounters } from "../auth/rate-limiter";
import { runDailyReminders } from "../reminders/daily-reminders";

/** The hourly trigger (wrangler.jsonc `triggers.crons`): daily reminders go out in each member's morning. */
export const REMINDER_CRON = "7 * * * *";

/** Every D1 shard binding of the Worker: `DB`, and `DB_<name>` for further shards (docs/scaling.md). */
function shardDatabases(env: Env): [string, D1Database][] {
  return Object.entries(env).filter(
    (entry): entry is [string, D1Database] =>
      /^DB(_[A-Z0-9_]+)?$/.test(entry[0]) && typeof entry[1] === "object" && entry[1] !== null && "batch" in entry[1],
  );
}

/**
 * The cron triggers' work (wrangler.jsonc `triggers.crons`): the hourly one sends the daily reminders
 * that are due; the daily one collects tombstones on every shard. Without a cron name, both.
 */
export async function runScheduled(
  env: Env & { TOMBSTONE_RETENTION?: string },
  nowMs = Date.now(),
  cron?: string,
): Promise<void> {
  if (cron === undefined || cron === REMINDER_CRON) {
    consoleLogger.info("daily_reminders", { ...(await runDailyReminders(env, nowMs)) });
    if (cron !== undefined) return;
  }
  const retentionSeconds = parseDuration(env.TOMBSTONE_RETENTION ?? "90d", "TOMBSTONE_RETENTION");
  for (const [shard, db] of shardDatabases(env)) {
    const result = await purgeTombstones(db, { nowMs, retentionSeconds });
    consoleLogger.info("tombstones_purged", { shard, ...result });
  }
  consoleLogger.info("rate_counters_purged", { removed: await purgeRateCounters(env.DB, nowMs) });
}
