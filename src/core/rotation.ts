import { z } from "./zod";
import { addDays } from "./calendar-date";
import { rowId } from "./fields";
import { type CompletionFacts, completionsOf } from "./recurrence";

// Who does a rotating chore next follows from its completions alone, so every device that has the
// same rows names the same member, whichever device computes it and in whatever order rows came.

export const rotationSchema = z.strictObject({
  /** `round-robin`: turns in list order, one per completed occurrence. `least-done`: fewest in 30 days. */
  mode: z.enum(["round-robin", "least-done"]),
  members: z.array(rowId).min(1).max(50),
});
export type Rotation = z.infer<typeof rotationSchema>;

export const LEAST_DONE_WINDOW_DAYS = 30;

/**
 * The member due to do the next occurrence. Round-robin counts completed occurrences (two members
 * ticking one occurrence is one turn). Least-done counts each member's completions in the 30 days up
 * to the latest one; ties go to whoever did it longest ago (never first), then to list order.
 */
export function nextAssignee(taskId: string, rotation: Rotation, completions: readonly CompletionFacts[]): string {
  const live = completionsOf(taskId, completions);
  const members = rotation.members;
  if (rotation.mode === "round-robin") {
    const turns = new Set(live.map((c) => c.occurrence)).size;
    return members[turns % members.length] ?? members[0] ?? "";
  }
  const latest = live.reduce((m, c) => (c.doneOn > m ? c.doneOn : m), "");
  const since = latest ? addDays(latest, -(LEAST_DONE_WINDOW_DAYS - 1)) : "";
  const stats = members.map((id, index) => {
    const theirs = live.filter((c) => c.userId === id);
    return {
      id,
      index,
      count: theirs.filter((c) => c.doneOn >= since).length,
      last: theirs.reduce((m, c) => (c.doneOn > m ? c.doneOn : m), ""),
    };
  });
  stats.sort((a, b) => a.count - b.count || a.last.localeCompare(b.last) || a.index - b.index);
  return stats[0]?.id ?? "";
}
