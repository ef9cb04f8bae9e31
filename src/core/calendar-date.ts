// Calendar days as "YYYY-MM-DD" strings. Due dates and occurrences are days, not instants, so the
// arithmetic runs on UTC midnights: no time zone or daylight-saving change can shift a day.

const DAY_MS = 86_400_000;

export function parseDay(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(parseDay(day) + n * DAY_MS);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseDay(b) - parseDay(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, as `Date.getDay`. */
export function weekday(day: string): number {
  return new Date(parseDay(day)).getUTCDay();
}

/** The Monday starting the week of `day` (weeks run Monday to Sunday). */
export function weekStart(day: string): string {
  return addDays(day, -((weekday(day) + 6) % 7));
}

/** Months from the month of `a` to the month of `b`. */
export function monthsBetween(a: string, b: string): number {
  const [ya = 0, ma = 1] = a.split("-").map(Number);
  const [yb = 0, mb = 1] = b.split("-").map(Number);
  return (yb - ya) * 12 + (mb - ma);
}

export function daysInMonth(day: string): number {
  const [y = 1970, m = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function dayOfMonth(day: string): number {
  return Number(day.slice(8, 10));
}

/** "Yesterday", "Today" or "Tomorrow" when `day` is one of those relative to `today`, else null. */
export function relativeDayName(day: string, today: string): "Yesterday" | "Today" | "Tomorrow" | null {
  const d = daysBetween(today, day);
  return d === -1 ? "Yesterday" : d === 0 ? "Today" : d === 1 ? "Tomorrow" : null;
}
