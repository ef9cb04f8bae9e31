import type { Repository, TaskCompletion } from "@/client";
import type { Chore } from "@/core/chores";
import { completionId } from "@/core/recurrence";
import { attempt } from "../../_lib/actions";
import { todayIso } from "../../_lib/format";
import { showToast } from "../../_ui/toasts";

/** Placeholder member of a device with no account: its completions are adopted with its rows. */
const LOCAL_MEMBER = "local";

/**
 * Ticks the chore's current occurrence: a completion row keyed by task, occurrence and member (so a
 * second member ticking it too adds to the history instead of a second next occurrence). A one-off
 * task is also marked done. A repeating chore moves on; the toast says to when and offers Undo.
 */
export async function completeChore(repo: Repository, chore: Chore, meId: string | null): Promise<void> {
  const today = todayIso();
  const occurrence = chore.due ?? today;
  const id = completionId(chore.task.id, occurrence, meId ?? LOCAL_MEMBER);
  const ok = await attempt(async () => {
    await repo.put("taskCompletions", id, {
      taskId: chore.task.id,
      occurrence,
      doneOn: today,
      completedAt: new Date().toISOString(),
    });
    if (!chore.repeating) await repo.update("tasks", chore.task.id, { completedAt: new Date().toISOString() });
  });
  if (ok && chore.repeating) {
    showToast(`Done: “${chore.task.title}”`, {
      action: { label: "Undo", run: () => void attempt(() => repo.remove("taskCompletions", id)) },
    });
  }
}

/** Unticks a one-off task: not done, and its completions leave the history. */
export async function reopenTask(repo: Repository, chore: Chore, completions: readonly TaskCompletion[]) {
  await attempt(async () => {
    await repo.update("tasks", chore.task.id, { completedAt: null });
    for (const c of completions)
      if (c.taskId === chore.task.id && c.deletedAt === null) await repo.remove("taskCompletions", c.id);
  });
}

/** Unticks one completion of a repeating chore: its occurrence is due again (unless someone else did it too). */
export async function undoCompletion(repo: Repository, completion: TaskCompletion) {
  await attempt(() => repo.remove("taskCompletions", completion.id));
}
