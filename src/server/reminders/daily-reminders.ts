import { choresFrom } from "../../core/chores";
import { DAILY_REMINDER_HOUR, dailyMessage, dueChores, localDayAndHour } from "../../core/reminders";
import type { SyncedRow } from "../../core/define-table";
import { type Task, type TaskCompletion, tableDef } from "../../core/tables";
import type { Env } from "../config";
import { createDeps } from "../deps";
import { type RowStore, type Scope, createD1RowStore } from "../sync/row-store";
import { memberSwitch } from "./member-switch";
import { sendToMember } from "./send-push";
import { type Owner, subscribedMembers } from "./subscriptions";
import { vapidKeys } from "./vapid";

/** Rows read per page while collecting a household's chores. */
const PAGE_ROWS = 1_000;

async function liveRows<T>(rows: RowStore, scope: Scope, table: "tasks" | "taskCompletions"): Promise<T[]> {
  const out: SyncedRow[] = [];
  for (let after = 0, done = false; !done;) {
    const page = await rows.tablePage(scope, tableDef(table), after, PAGE_ROWS, 5_000_000);
    out.push(...page.rows.filter((r) => r.deletedAt === null));
    ({ lastVersion: after, done } = page);
  }
  return out as unknown as T[];
}

/**
 * Claims `day` as the day `member` was reminded: one conditional upsert, so of two overlapping
 * runs only one gets it. False when this member was already reminded that day (or later).
 */
async function claimDay(db: D1Database, member: Owner, day: string): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO reminder_days (userId, householdId, lastDay) VALUES (?1, ?2, ?3)
       ON CONFLICT (userId) DO UPDATE SET lastDay = excluded.lastDay, householdId = excluded.householdId
       WHERE reminder_days.lastDay < excluded.lastDay
       RETURNING userId`,
    )
    .bind(member.userId, member.householdId, day)
    .first();
  return row !== null;
}

export interface DailyRunResult {
  reminded: number;
  /** Members whose day was claimed with nothing due: no notification. */
  nothingDue: number;
  sent: number;
  expired: number;
  failed: number;
}

/**
 * The daily reminder (the cron trigger runs this every hour): each subscribed member whose local
 * time (their newest device's time zone) is past DAILY_REMINDER_HOUR and who has not been reminded
 * on that local day, and whose "daily" switch is on, gets one notification listing what is due for
 * them (src/core/reminders.ts dueChores); nothing is sent when nothing is due.
 */
export async function runDailyReminders(env: Env, nowMs: number): Promise<DailyRunResult> {
  const result: DailyRunResult = { reminded: 0, nothingDue: 0, sent: 0, expired: 0, failed: 0 };
  const vapid = vapidKeys(env);
  if (!vapid) return result;
  const deps = createDeps(env, { now: () => nowMs });
  for (const member of await subscribedMembers(env.DB)) {
    try {
      const { day, hour } = localDayAndHour(nowMs, member.timeZone);
      if (hour < DAILY_REMINDER_HOUR) continue;
      const rows = createD1RowStore(deps.shards.database(await deps.shards.shardOf(member.householdId)));
      const scope = { householdId: member.householdId, userId: member.userId };
      if (!(await memberSwitch(rows, scope, "daily"))) continue;
      if (!(await claimDay(env.DB, member, day))) continue;
      const tasks = await liveRows<Task>(rows, scope, "tasks");
      const completions = await liveRows<TaskCompletion>(rows, scope, "taskCompletions");
      const message = dailyMessage(dueChores(choresFrom(tasks, completions), day, member.userId), day);
      if (!message) {
        result.nothingDue++;
        continue;
      }
      const sent = await sendToMember({ db: env.DB, vapid, logger: deps.logger }, member, message);
      result.reminded++;
      result.sent += sent.sent;
      result.expired += sent.expired;
      result.failed += sent.failed;
    } catch (err) {
      // One member's failure (a bad time zone, a shard error) never stops the others' reminders.
      result.failed++;
      deps.logger.error("push: daily reminder failed", { householdId: member.householdId, error: String(err) });
    }
  }
  return result;
}
