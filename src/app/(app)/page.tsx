"use client";

import type { Task } from "@/client";
import { maxLength } from "@/core/tables";
import { useCallback, useMemo, useRef, useState, type FormEvent } from "react";
import { attempt, removeWithUndo } from "../_lib/actions";
import { useDomus } from "../_lib/domus-provider";
import { plural } from "../_lib/format";
import { useOptimisticRows } from "../_lib/use-optimistic-rows";
import { useRows } from "../_lib/use-rows";
import { memberName, useMembers } from "../_lib/use-members";
import { EmptyState, Loading, PageHeader } from "../_ui/empty-state";
import { PlusIcon, TasksIcon } from "../_ui/icons";
import styles from "../_ui/page.module.css";
import { TaskEditor, type TaskPatch } from "./_tasks/task-editor";
import { TaskItem, sortTasks } from "./_tasks/task-item";

export default function TasksPage() {
  const { repo, session } = useDomus();
  const members = useMembers();
  const meId = session?.user.id ?? null;
  // One getAll, filtered here: a Dexie filter() walks an IndexedDB cursor, a round trip per row.
  const live = useRows((db) => db.tasks.toArray().then((all) => all.filter((t) => t.deletedAt === null)));
  // Adds and ticks show in the frame of the key press, before their write commits.
  const { rows: tasks, add: addRow, update } = useOptimisticRows("tasks", live);
  const [title, setTitle] = useState("");
  const [editing, setEditing] = useState<Task | null>(null);
  const input = useRef<HTMLInputElement>(null);

  function add(e: FormEvent) {
    e.preventDefault();
    const text = title.trim();
    // The row and the cleared field render together; the typed title comes back if the write fails.
    if (!text || !addRow({ title: text }, () => setTitle((current) => current || text))) return;
    setTitle("");
    input.current?.focus();
  }

  // Stable across renders, so the memoized rows re-render only when their own task changes.
  const toggle = useCallback(
    (task: Task) => update(task, { completedAt: task.completedAt ? null : new Date().toISOString() }),
    [update],
  );

  const remove = useCallback(
    (task: Task) => {
      if (!repo) return;
      setEditing(null);
      void removeWithUndo(repo, "tasks", [task.id], `Deleted “${task.title}”`);
    },
    [repo],
  );

  async function save(task: Task, patch: TaskPatch) {
    if (repo && (await attempt(() => repo.update("tasks", task.id, patch)))) setEditing(null);
  }

  // Sorted once per change of the list, not on every keystroke in the add field.
  const { todo, done } = useMemo(() => sortTasks(tasks ?? []), [tasks]);
  const assignee = (t: Task) => memberName(members, t.assigneeId, meId ?? undefined);

  return (
    <>
      <PageHeader
        title="Tasks"
        summary={tasks?.length ? (todo.length ? `${plural(todo.length, "task")} to do` : "All done") : undefined}
      />
      <form className={styles.addBar} onSubmit={add}>
        <label htmlFor="new-task" className="visually-hidden">
          New task
        </label>
        <input
          ref={input}
          id="new-task"
          className={`input ${styles.grow}`}
          placeholder="Add a task, e.g. Water the plants"
          maxLength={maxLength("tasks", "title")}
          autoComplete="off"
          enterKeyHint="done"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={!repo || !title.trim()}>
          <PlusIcon size={20} />
          Add
        </button>
      </form>

      {tasks === undefined ? (
        <Loading label="Opening your tasks…" />
      ) : tasks.length === 0 ? (
        <EmptyState icon={<TasksIcon size={32} />} title="No tasks yet">
          Add the chores of the week above; tick them off as they get done.
        </EmptyState>
      ) : (
        <>
          {todo.length > 0 ? (
            <section aria-labelledby="todo-heading">
              <h2 id="todo-heading" className="visually-hidden">
                To do
              </h2>
              <ul className={styles.list}>
                {todo.map((t) => (
                  <TaskItem
                    key={t.id}
                    task={t}
                    assignee={assignee(t)}
                    onToggle={toggle}
                    onEdit={setEditing}
                    onDelete={remove}
                  />
                ))}
              </ul>
            </section>
          ) : (
            <EmptyState icon={<TasksIcon size={32} />} title="Everything is done">
              Time for a cup of tea.
            </EmptyState>
          )}
          {done.length > 0 ? (
            <section className={styles.section} aria-labelledby="done-heading">
              <div className={styles.sectionHead}>
                <h2 id="done-heading" className={styles.sectionTitle}>
                  Done · {done.length}
                </h2>
              </div>
              <ul className={styles.list}>
                {done.map((t) => (
                  <TaskItem
                    key={t.id}
                    task={t}
                    assignee={assignee(t)}
                    onToggle={toggle}
                    onEdit={setEditing}
                    onDelete={remove}
                  />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
      <TaskEditor
        task={editing}
        members={members}
        meId={meId}
        onSave={save}
        onDelete={remove}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
