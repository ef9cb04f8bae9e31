import { z } from "./zod";
import {
  addDays,
  dayOfMonth,
  daysBetween,
  daysInMonth,
  formatDay,
  monthsBetween,
  weekStart,
  weekday,
} from "./calendar-date";

// Repeating chores. A task's next occurrence is never stored: every device derives it from the task's
// rule, its start (`dueDate`) and the completions synced as rows of their own. Completions only ever
// accumulate (keyed by occurrence), so the derivation gives the same answer on every device however
// the rows arrived, and two members ticking one occurrence offline yield one next occurrence.

export const repeatRuleSchema = z.strictObject({
  every: z.number().int().min(1).max(365),
  unit: z.enum(["day", "week", "month"]),
  /** Weekly rules: the chosen weekdays, 0 = Sunday … 6 = Saturday. Empty or absent: the start's weekday. */
  weekdays: z.array(z.number().int().min(0).max(6)).max(7).optional(),
  /** Monthly rules: the day of the month (clamped to short months). Absent: the start's day. */
  monthDay: z.number().int().min(1).max(31).optional(),
  /** `due`: on schedule from the start. `completion`: counted from the day the last one was done. */
  from: z.enum(["due", "completion"]),
});
export type RepeatRule = z.infer<typeof repeatRuleSchema>;

/** What the derivation needs of a completion row. */
export interface CompletionFacts {
  taskId: string;
  occurrence: string;
  doneOn: string;
  userId: string;
  deletedAt: string | null;
}

/** What the derivation needs of a task row. */
export interface RepeatingTaskFacts {
  id: string;
  dueDate: string | null;
  repeat: RepeatRule | null;
  createdAt: string;
}

function monthDayOf(rule: RepeatRule, anchor: string): number {
  return rule.monthDay ?? dayOfMonth(anchor);
}

/** The day in the month `k` months after the anchor's month that a monthly rule falls on. */
function dayInMonthAfter(rule: RepeatRule, anchor: string, k: number): string {
  const [y = 1970, m = 1] = anchor.split("-").map(Number);
  const first = formatDay(Date.UTC(y, m - 1 + k, 1));
  return addDays(first, Math.min(monthDayOf(rule, anchor), daysInMonth(first)) - 1);
}

/** Does the rule, started at `anchor`, fall on `day`? */
export function fallsOn(rule: RepeatRule, anchor: string, day: string): boolean {
  const d = daysBetween(anchor, day);
  if (d < 0) return false;
  if (rule.unit === "day") return d % rule.every === 0;
  if (rule.unit === "week") {
    if (!rule.weekdays?.length) return d % (7 * rule.every) === 0;
    const weeks = daysBetween(weekStart(anchor), weekStart(day)) / 7;
    return rule.weekdays.includes(weekday(day)) && weeks % rule.every === 0;
  }
  const k = monthsBetween(anchor, day);
  return k % rule.every === 0 && dayInMonthAfter(rule, anchor, k) === day;
}

/** The first day on or after `from` (and not before `anchor`) the rule falls on. */
export function firstOnOrAfter(rule: RepeatRule, anchor: string, from: string): string {
  const start = from > anchor ? from : anchor;
  const gap = daysBetween(anchor, start);
  if (rule.unit === "day" || (rule.unit === "week" && !rule.weekdays?.length)) {
    const step = rule.unit === "day" ? rule.every : 7 * rule.every;
    return addDays(anchor, Math.ceil(gap / step) * step);
  }
  if (rule.unit === "week") {
    // A matching day lies within one cycle of `every` weeks (plus the rest of the first week).
    for (let i = 0; i < 7 * rule.every + 7; i++) {
      const day = addDays(start, i);
      if (fallsOn(rule, anchor, day)) return day;
    }
    return start; // unreachable: a weekday set always matches within a cycle
  }
  let k = Math.floor(monthsBetween(anchor, start) / rule.every) * rule.every;
  for (;;) {
    const day = dayInMonthAfter(rule, anchor, k);
    if (day >= start) return day;
    k += rule.every;
  }
}

/** The live completions of one task, any order in, one order out. */
export function completionsOf<C extends CompletionFacts>(taskId: string, completions: readonly C[]): C[] {
  return completions
    .filter((c) => c.taskId === taskId && c.deletedAt === null)
    .sort((a, b) => a.occurrence.localeCompare(b.occurrence) || a.doneOn.localeCompare(b.doneOn));
}

/** The latest completed occurrence and the last day it was done on, or null when none was done. */
export function lastDone(taskId: string, completions: readonly CompletionFacts[]) {
  const live = completionsOf(taskId, completions);
  const last = live.at(-1);
  if (!last) return null;
  return { occurrence: last.occurrence, doneOn: last.doneOn };
}

/**
 * The occurrence of a repeating task to do next (YYYY-MM-DD). A non-repeating task's is its due date.
 * From the due date: the first day after the latest completed occurrence the rule falls on (counted
 * from the start). From completion: the rule restarted on the day that occurrence was done. Either
 * way it is after every completed occurrence, so an occurrence is never done twice over, and a rule
 * edited today applies from the next occurrence on.
 */
export function nextOccurrence(task: RepeatingTaskFacts, completions: readonly CompletionFacts[]): string | null {
  const rule = task.repeat;
  if (!rule) return task.dueDate;
  const start = task.dueDate ?? task.createdAt.slice(0, 10);
  const last = lastDone(task.id, completions);
  if (!last || last.occurrence < start) return firstOnOrAfter(rule, start, start);
  if (rule.from === "due") return firstOnOrAfter(rule, start, addDays(last.occurrence, 1));
  const after = last.doneOn > last.occurrence ? last.doneOn : last.occurrence;
  return firstOnOrAfter(rule, last.doneOn, addDays(after, 1));
}

/**
 * A completion's id: one row per task, occurrence and member, the same on every device. Two members
 * ticking one occurrence make two rows (both kept in the history); one member ticking it on two
 * devices makes one row (the same id, merged field by field).
 */
export function completionId(taskId: string, occurrence: string, userId: string): string {
  return `tc-${occurrence.replaceAll("-", "")}-${hash128(`${taskId}\u0000${userId}`)}`;
}

/** cyrb128: a fast, well-spread 128-bit string hash (not cryptographic; ids only need to be distinct). */
function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("");
}
