import { relativeDayName } from "@/core/calendar-date";
import { useEffect, useState } from "react";

/** Re-renders every `intervalMs` so relative times ("5 min ago") stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const dayFmt = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "never";
  const s = Math.round((now - t) / 1000);
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const sameDay = new Date(t).toDateString() === new Date(now).toDateString();
  if (sameDay) return `at ${timeFmt.format(t)}`;
  const yesterday = new Date(now - 86_400_000).toDateString() === new Date(t).toDateString();
  if (yesterday) return `yesterday ${timeFmt.format(t)}`;
  return `${dayFmt.format(t)}, ${timeFmt.format(t)}`;
}

export function fullTime(iso: string | null | undefined): string {
  if (!iso) return "Never";
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "Never" : fullFmt.format(t);
}

/** Today as YYYY-MM-DD in the user's time zone (due dates are calendar days, not instants). */
export function todayIso(now = Date.now()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const dueFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });

export function describeDue(date: string, now = Date.now()): { label: string; overdue: boolean; today: boolean } {
  const today = todayIso(now);
  const [y, mo, d] = date.split("-").map(Number);
  const label = relativeDayName(date, today) ?? dueFmt.format(new Date(y ?? 1970, (mo ?? 1) - 1, d ?? 1));
  return { label, overdue: date < today, today: date === today };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
