import type { RepeatRule } from "@/core/recurrence";

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
/** Weekdays in the order a week is shown: Monday first. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/** "Every week", "Every 2 weeks on Mon, Thu", "Every month on the 31st", "… after done". */
export function describeRepeat(rule: RepeatRule): string {
  const unit = rule.every === 1 ? `Every ${rule.unit}` : `Every ${rule.every} ${rule.unit}s`;
  let on = "";
  if (rule.unit === "week" && rule.weekdays?.length) {
    const days = WEEK_ORDER.filter((d) => rule.weekdays?.includes(d)).map((d) => WEEKDAYS[d].slice(0, 3));
    on = ` on ${days.join(", ")}`;
  }
  if (rule.unit === "month" && rule.monthDay) on = ` on the ${ordinal(rule.monthDay)}`;
  return `${unit}${on}${rule.from === "completion" ? " after done" : ""}`;
}
