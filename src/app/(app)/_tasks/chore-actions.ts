import type { Repository, TaskCompletion } from "@/client";
import type { Chore } from "@/core/chores";
import { completionId } from "@/core/recurrence";
import { attempt } from "../../_lib/actions";
import { type OptimisticRows, WriteBatch } from "../../_lib/use-optimistic-rows";
import { todayIso } from "../../_lib/format";
import { showToast } from "../../_ui/toasts";

/** Placeholder member of a device with no account: its completions are adopted with its rows. */
const LOCAL_MEMBER = "local";

/** The writes a completion makes, shown before they commit (useOptimisticRows of each table). */
export interface CompletionWriters {
  repo: Repository;
  putCompletion: OptimisticRows<"taskCompletions">["put"];
  updateTask: OptimisticRows<"tasks">["update"];
}

/**
 * Ticks the chore's current occurrence: a completion row keyed by task, occurrence and member (so a
 * second member ticking it too adds to the history instead of a second next occurrence). A one-off
 * task is also marked done, in the same transaction (all or none). Both show at once; a failed write
 * is undone on screen with a toast. A repeating chore moves on; the toast offers Undo.
 */
export function completeChore(writers: CompletionWriters, chore: Chore, meId: string | null): void {
  const { repo, putCompletion, updateTask } = writers;
  const today = todayIso();
  const occurrence = chore.due ?? today;
  const id = completionId(chore.task.id, occurrence, meId ?? LOCAL_MEMBER);
  const completedAt = new Date().toISOString();
  const batch = new WriteBatch(repo, ["taskCompletions", "tasks"]);
  const shown = putCompletion(id, { taskId: chore.task.id, occurrence, doneOn: today, completedAt }, undefined, batch);
  if (!shown) return;
  if (!chore.repeating) updateTask(chore.task, { completedAt }, batch);
  batch.commit();
  if (chore.repeating) {
    showToast(`Done: “${chore.task.title}”`, {
      action: { label: "Undo", run: () => void attempt(() => repo.remove("taskCompletions", id)) },
    });
  }
}

/** Unticks a one-off task: not done, and its completions leave the history. */
export async function reopenTask(repo: Repository, chore: Chore, completions: readonly TaskCompletion[]) {
  await attempt(() =>
    repo.together(["tasks", "taskCompletions"], async () => {
      await repo.update("tasks", chore.task.id, { completedAt: null });
      for (const c of completions)
        if (c.taskId === chore.task.id && c.deletedAt === null) await repo.remove("taskCompletions", c.id);
    }),
  );
}

/** Unticks one completion of a repeating chore: its occurrence is due again (unless someone else did it too). */
export async function undoCompletion(repo: Repository, completion: TaskCompletion) {
  await attempt(() => repo.remove("taskCompletions", completion.id));
}
