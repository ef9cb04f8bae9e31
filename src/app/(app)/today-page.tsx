"use client";

import type { Task, TaskCompletion } from "@/client";
import { type Chore, choresFrom } from "@/core/chores";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { attempt, removeWithUndo } from "../_lib/actions";
import { useDomus } from "../_lib/domus-provider";
import { plural, todayIso, useNow } from "../_lib/format";
import { useOptimisticRows } from "../_lib/use-optimistic-rows";
import { useCurrentRows, useRows } from "../_lib/use-rows";
import { useMembers } from "../_lib/use-members";
import { EmptyState, Loading, PageHeader } from "../_ui/empty-state";
import { TasksIcon } from "../_ui/icons";
import { KeptDataNotice } from "../_ui/kept-data-notice";
import { useKeptAccount } from "../_lib/kept-account";
import { completeChore, reopenTask, undoCompletion } from "./_tasks/chore-actions";
import { NewTaskForm, type NewTask } from "./_tasks/new-task-form";
import { TaskEditor, type TaskPatch } from "./_tasks/task-editor";
import { TodayView } from "./_tasks/today-view";

/** Preference (per member, synced): done items completed before it are no longer listed. */
const DONE_CLEARED_KEY = "tasks.doneClearedAt";

export default function TodayPage() {
  const { repo, session } = useDomus();
  const members = useMembers();
  const meId = session?.user.id ?? null;
  const todayDay = todayIso(useNow(60_000));
  const liveTasks = useCurrentRows("tasks");
  const liveCompletions = useCurrentRows("taskCompletions");
  const clearedAt = useRows((db) => db.preferences.where("key").equals(DONE_CLEARED_KEY).first());
  // Adds and completions show in the frame of the key press or click, before their writes commit.
  const { rows: tasks, add: addTask, update: updateTask } = useOptimisticRows("tasks", liveTasks);
  const { rows: completions, put: putCompletion } = useOptimisticRows("taskCompletions", liveCompletions);
  const [editing, setEditing] = useState<Task | null>(null);

  // Chores of unchanged rows stay the same objects (see choresFrom): a completion derives one chore, not 1,000.
  const derived = useRef<Chore[] | undefined>(undefined);
  const chores = useMemo(
    () => (tasks && completions ? (derived.current = choresFrom(tasks, completions, derived.current)) : undefined),
    [tasks, completions],
  );
  // The handlers below stay the same across renders (memoized rows skip theirs) and read the latest state here.
  const latest = useRef({ chores, completions, meId });
  useLayoutEffect(() => {
    latest.current = { chores, completions, meId };
  });

  // Stable, so the memoized form and editor do not render with every change of the rows.
  const add = useCallback((draft: NewTask, onFail: () => void) => addTask(draft, onFail) !== null, [addTask]);
  const closeEditor = useCallback(() => setEditing(null), []);

  const toggle = useCallback(
    (task: Task) => {
      const { chores, completions, meId } = latest.current;
      const chore = chores?.find((c) => c.task.id === task.id);
      if (!repo || !chore) return;
      if (chore.done) void reopenTask(repo, chore, completions ?? []);
      else completeChore({ repo, putCompletion, updateTask }, chore, meId);
    },
    [repo, putCompletion, updateTask],
  );

  const undo = useCallback((c: TaskCompletion) => repo && void undoCompletion(repo, c), [repo]);

  const remove = useCallback(
    (task: Task) => {
      if (!repo) return;
      setEditing(null);
      void removeWithUndo(repo, "tasks", [task.id], `Deleted “${task.title}”`);
    },
    [repo],
  );

  const save = useCallback(
    async (task: Task, patch: TaskPatch) => {
      if (repo && (await attempt(() => repo.update("tasks", task.id, patch)))) setEditing(null);
    },
    [repo],
  );

  function clearDone(doneTasks: readonly Task[]) {
    if (!repo) return;
    void attempt(() => repo.setPreference(DONE_CLEARED_KEY, new Date().toISOString()));
    if (doneTasks.length > 0) {
      void removeWithUndo(
        repo,
        "tasks",
        doneTasks.map((t) => t.id),
        `Cleared ${plural(doneTasks.length, "done task")}`,
      );
    }
  }

  const keptNotice = useKeptAccount() && !session ? <KeptDataNotice what="tasks" /> : null;
  const todo = chores?.filter((c) => !c.done).length ?? 0;
  const cleared = typeof clearedAt?.value === "string" && clearedAt.deletedAt === null ? clearedAt.value : null;

  return (
    <>
      <PageHeader
        title="Today"
        summary={chores?.length ? (todo ? `${plural(todo, "task")} to do` : "All done") : undefined}
      />
      <NewTaskForm members={members} meId={meId} disabled={!repo} onAdd={add} />
      {chores === undefined ? (
        <Loading label="Opening your tasks…" />
      ) : chores.length === 0 && keptNotice ? (
        keptNotice
      ) : chores.length === 0 ? (
        <EmptyState icon={<TasksIcon size={32} />} title="No tasks yet">
          Add the chores of the week above; tick them off as they get done. A chore can repeat: open it to choose how
          often.
        </EmptyState>
      ) : (
        <TodayView
          chores={chores}
          completions={completions ?? []}
          members={members}
          meId={meId}
          todayDay={todayDay}
          clearedAt={cleared}
          onToggle={toggle}
          onUndoCompletion={undo}
          onEdit={setEditing}
          onDelete={remove}
          onClearDone={clearDone}
        />
      )}
      <TaskEditor task={editing} members={members} meId={meId} onSave={save} onDelete={remove} onClose={closeEditor} />
    </>
  );
}
