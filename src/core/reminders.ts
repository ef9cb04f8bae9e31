import { type Chore, choresFrom } from "./chores";
import type { Task, TaskCompletion } from "./tables";
import { z } from "./zod";

// Reminders (issue 13 item 4): what the app badge counts and the daily reminder lists, the wire
// shapes of a device's push subscription, and the per-user switches (synced preferences). Pure: the
// page, the service worker's sender (the Worker) and the tests derive the same answers from rows.

/** The per-user switches, stored as synced preferences (one row per key, src/core/preference-id.ts). */
export const REMINDER_KEYS = {
  badge: "reminders.badge",
  assigned: "reminders.assigned",
  daily: "reminders.daily",
} as const;
export type ReminderSwitch = keyof typeof REMINDER_KEYS;

/** Every switch is on until the member turns it off (push still needs this device's permission). */
export const REMINDER_DEFAULTS: Record<ReminderSwitch, boolean> = { badge: true, assigned: true, daily: true };

/** A preference value as a switch: only a stored boolean overrides the default. */
export function switchValue(name: ReminderSwitch, stored: unknown): boolean {
  return typeof stored === "boolean" ? stored : REMINDER_DEFAULTS[name];
}

/** The local hour (0–23) at or after which the daily reminder goes out, once per local day. */
export const DAILY_REMINDER_HOUR = 8;

/**
 * The chores a member has to do by `today`: not done, due today or overdue, and theirs (assigned to
 * them, by rotation or by hand) or nobody's. The badge counts them; the daily reminder lists them.
 */
export function dueChores(chores: readonly Chore[], today: string, userId: string | null): Chore[] {
  return chores
    .filter((c) => !c.done && c.due !== null && c.due <= today)
    .filter((c) => c.assigneeId === null || userId === null || c.assigneeId === userId)
    .sort((a, b) => (a.due ?? "").localeCompare(b.due ?? "") || a.task.createdAt.localeCompare(b.task.createdAt));
}

/** The badge count from the rows a device holds (works offline). */
export function badgeCount(
  tasks: readonly Task[],
  completions: readonly TaskCompletion[],
  today: string,
  userId: string | null,
): number {
  return dueChores(choresFrom(tasks, completions), today, userId).length;
}

/** A notification as the service worker shows it (the push message's payload, JSON). */
export interface ReminderMessage {
  title: string;
  body: string;
  /** Replaces an earlier notification with the same tag instead of stacking. */
  tag: string;
  /** The app path a click opens. */
  url: string;
}

export function assignedMessage(taskTitle: string, byName: string, taskId: string): ReminderMessage {
  return {
    title: "New chore for you",
    body: `${byName} gave you “${taskTitle}”.`,
    tag: `assigned-${taskId}`,
    url: "/",
  };
}

export function dailyMessage(due: readonly Chore[], today: string): ReminderMessage | null {
  if (due.length === 0) return null;
  const overdue = due.filter((c) => c.due !== null && c.due < today).length;
  const names = due.slice(0, 3).map((c) => c.task.title);
  const more = due.length > names.length ? ` and ${due.length - names.length} more` : "";
  const title = due.length === 1 ? "1 chore to do today" : `${due.length} chores to do today`;
  const late = overdue > 0 ? ` (${overdue} overdue)` : "";
  return { title, body: `${names.join(", ")}${more}${late}.`, tag: "daily", url: "/" };
}

/** The calendar day and hour at `nowMs` in an IANA time zone (the device's, stored with its subscription). */
export function localDayAndHour(nowMs: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(nowMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** base64url without padding, as PushSubscription.toJSON() gives the keys. */
const base64url = (exactLength: number) =>
  z
    .string()
    .length(exactLength, `must be ${exactLength} base64url characters`)
    .regex(/^[A-Za-z0-9_-]+$/, "must be base64url");

/** The endpoint a push service gave the browser: an https URL (RFC 8030 §2); it is the device's address. */
const endpoint = z
  .string()
  .max(1000)
  .url("must be a URL")
  .refine((s) => s.startsWith("https://"), "must be an https URL");

/** `POST /api/push/subscribe`: this device's subscription (PushSubscription.toJSON()) and time zone. */
export const pushSubscribeRequest = z.strictObject({
  endpoint,
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The browser's P-256 public key: 65 bytes, uncompressed. */
    p256dh: base64url(87),
    /** The 16-byte authentication secret. */
    auth: base64url(22),
  }),
  timeZone: z.string().min(1).max(64).refine(isTimeZone, "must be an IANA time zone like Europe/Berlin"),
});
export type PushSubscribeRequest = z.infer<typeof pushSubscribeRequest>;

/** `POST /api/push/unsubscribe`: forgets this device's subscription. */
export const pushUnsubscribeRequest = z.strictObject({ endpoint });

/** `GET /api/push/key`: the VAPID public key to subscribe with; null where the server sends no push. */
export const pushKeyResponse = z.object({ publicKey: z.string().nullable() });
export type PushKeyResponse = z.infer<typeof pushKeyResponse>;
export const pushSubscribedResponse = z.object({ subscribed: z.literal(true) });
export const pushUnsubscribedResponse = z.object({ unsubscribed: z.boolean() });
