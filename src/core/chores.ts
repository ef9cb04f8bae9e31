import { weekStart } from "./calendar-date";
import { type CompletionFacts, nextOccurrence } from "./recurrence";
import { nextAssignee } from "./rotation";
import { sameRows } from "./same-data";
import type { Task, TaskCompletion } from "./tables";

// What the Today view shows, derived from task and completion rows alone (no I/O): every device with
// the same rows shows the same due days, assignees, sections and weekly counts.

export interface Chore {
  task: Task;
  /** The due day of the occurrence to do next (a one-off task's due date). */
  due: string | null;
  /** Who should do it: the rotation's next member, else the task's assignee. */
  assigneeId: string | null;
  repeating: boolean;
  /** A one-off task that is done (a repeating chore is never done: it moves on). */
  done: boolean;
}

export type ChoreSection = "overdue" | "today" | "mine" | "later";

function facts(completions: readonly TaskCompletion[]): CompletionFacts[] {
  return completions.map((c) => ({
    taskId: c.taskId,
    occurrence: c.occurrence,
    doneOn: c.doneOn,
    userId: c.userId,
    deletedAt: c.deletedAt,
  }));
}

/** The completion rows each chore was derived from, so a later derivation can keep the chore. */
const derivedFrom = new WeakMap<Chore, readonly TaskCompletion[]>();
const NONE: readonly TaskCompletion[] = [];

/**
 * Every task's chore. With `previous` (what the last call returned), a chore whose task row and
 * completion rows are the same objects as then is that same chore object, not derived again: a
 * list of 1,000 chores where one task changed derives one chore, and the rest stay equal by
 * identity for whatever is memoized on them.
 */
export function choresFrom(
  tasks: readonly Task[],
  completions: readonly TaskCompletion[],
  previous: readonly Chore[] = [],
): Chore[] {
  const byTask = new Map<string, TaskCompletion[]>();
  for (const c of completions) {
    const list = byTask.get(c.taskId);
    if (list) list.push(c);
    else byTask.set(c.taskId, [c]);
  }
  const before = new Map(previous.map((c) => [c.task.id, c]));
  return tasks
    .filter((t) => t.deletedAt === null)
    .map((task) => {
      const rows = byTask.get(task.id) ?? NONE;
      const old = before.get(task.id);
      const from = old && derivedFrom.get(old);
      if (old?.task === task && from && sameRows(from, rows)) return old;
      const own = facts(rows);
      const repeating = task.repeat !== null;
      const chore: Chore = {
        task,
        due: nextOccurrence(task, own),
        assigneeId: repeating && task.rotation ? nextAssignee(task.id, task.rotation, own) : task.assigneeId,
        repeating,
        done: !repeating && task.completedAt !== null,
      };
      derivedFrom.set(chore, rows);
      return chore;
    });
}

/** Where a chore to do goes: overdue, due today, assigned to me (later or undated), or later. */
export function sectionOf(chore: Chore, today: string, meId: string | null): ChoreSection {
  if (chore.due !== null && chore.due < today) return "overdue";
  if (chore.due === today) return "today";
  if (meId !== null && chore.assigneeId === meId) return "mine";
  return "later";
}

/** ISO dates and timestamps sort as strings; localeCompare would build a collator per call (ms per 1,000 rows). */
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Chores to do by section, soonest due first, then undated, oldest first. `mine` keeps only mine. */
export function todaySections(
  chores: readonly Chore[],
  today: string,
  meId: string | null,
  mine = false,
): Record<ChoreSection, Chore[]> {
  const out: Record<ChoreSection, Chore[]> = { overdue: [], today: [], mine: [], later: [] };
  const far = "9999-12-31";
  const todo = chores
    .filter((c) => !c.done && (!mine || c.assigneeId === meId))
    .sort((a, b) => byString(a.due ?? far, b.due ?? far) || byString(a.task.createdAt, b.task.createdAt));
  for (const c of todo) out[sectionOf(c, today, meId)].push(c);
  return out;
}

/** Chores done per member since Monday of `today`'s week (each completion row counts once). */
export function doneThisWeek(completions: readonly TaskCompletion[], today: string): Map<string, number> {
  const since = weekStart(today);
  const counts = new Map<string, number>();
  for (const c of completions) {
    if (c.deletedAt !== null || c.doneOn < since || c.doneOn > today) continue;
    counts.set(c.userId, (counts.get(c.userId) ?? 0) + 1);
  }
  return counts;
}
