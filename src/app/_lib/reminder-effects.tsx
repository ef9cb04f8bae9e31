"use client";

import { badgeCount, REMINDER_KEYS, switchValue } from "@/core/reminders";
import { useEffect } from "react";
import { useDomus } from "./domus-provider";
import { todayIso, useNow } from "./format";
import { refreshPushOnThisDevice } from "./push-device";
import { useCurrentRows, useRows } from "./use-rows";

type BadgeNavigator = Navigator & {
  setAppBadge?: (count?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
};

/**
 * The app badge (Badging API, where the browser has it): the number of chores due today or overdue
 * for me (src/core/reminders.ts), from this device's own rows, so it is right offline and follows
 * every change as it lands in IndexedDB. Cleared when there are none or the switch is off.
 * Also re-sends this device's push subscription once per app start (time zone, household).
 */
export function ReminderEffects() {
  const { session } = useDomus();
  const meId = session?.user.id ?? null;
  const today = todayIso(useNow(60_000));
  // The same shared copies as the task list's (use-rows.ts): a change reads the changed rows only.
  const tasks = useCurrentRows("tasks");
  const completions = useCurrentRows("taskCompletions");
  const badgeSwitch = useRows((db) => db.preferences.where("key").equals(REMINDER_KEYS.badge).first());
  const on = switchValue("badge", badgeSwitch && badgeSwitch.deletedAt === null ? badgeSwitch.value : undefined);
  const count = tasks && completions ? badgeCount(tasks, completions, today, meId) : null;

  useEffect(() => {
    const nav = navigator as BadgeNavigator;
    if (count === null || !nav.setAppBadge || !nav.clearAppBadge) return;
    const done = on && count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge();
    // Refused (not installed, or no permission in this context): the app works the same without it.
    done.catch(() => undefined);
  }, [on, count]);

  const signedIn = session !== null && session !== undefined;
  useEffect(() => {
    if (signedIn) refreshPushOnThisDevice().catch(() => undefined);
  }, [signedIn, meId]);

  return null;
}
