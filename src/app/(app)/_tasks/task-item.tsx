"use client";

import type { Task } from "@/client";
import { memo } from "react";
import { describeDue } from "../../_lib/format";
import { sameData } from "../../_lib/same-data";
import { CalendarIcon, EditIcon, TrashIcon, UserIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";

interface Props {
  task: Task;
  assignee: string | null;
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
}

function Row({ task, assignee, onToggle, onEdit, onDelete }: Props) {
  const done = task.completedAt !== null;
  const due = task.dueDate ? describeDue(task.dueDate) : null;
  const checkboxId = `task-${task.id}`;
  return (
    <li className={`${styles.item} ${done ? styles.done : ""}`}>
      <input
        id={checkboxId}
        type="checkbox"
        className="checkbox"
        checked={done}
        onChange={() => onToggle(task)}
        aria-describedby={due || assignee ? `${checkboxId}-meta` : undefined}
      />
      <div className={styles.itemMain}>
        <label htmlFor={checkboxId} className={styles.itemTitle}>
          {task.title}
        </label>
        {task.notes ? <p className={styles.itemNotes}>{task.notes}</p> : null}
        {due || assignee ? (
          <p className={styles.meta} id={`${checkboxId}-meta`}>
            {due ? (
              <span
                className={`${styles.chip} ${!done && due.overdue ? styles.chipWarn : !done && due.today ? styles.chipAccent : ""}`}
              >
                <CalendarIcon size={14} />
                <span className="visually-hidden">Due </span>
                {due.label}
                {!done && due.overdue ? " · overdue" : ""}
              </span>
            ) : null}
            {assignee ? (
              <span className={styles.chip}>
                <UserIcon size={14} />
                <span className="visually-hidden">Assigned to </span>
                {assignee}
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
      <div className={styles.itemActions}>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label={`Edit ${task.title}`}
          onClick={() => onEdit(task)}
        >
          <EditIcon size={20} />
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label={`Delete ${task.title}`}
          onClick={() => onDelete(task)}
        >
          <TrashIcon size={20} />
        </button>
      </div>
    </li>
  );
}

/**
 * One row of the list; re-rendered only when its task's data, its assignee or a handler changed, so
 * ticking one task of a long list renders one row. The handlers must be stable (useCallback).
 */
export const TaskItem = memo(
  Row,
  (a, b) =>
    a.assignee === b.assignee &&
    a.onToggle === b.onToggle &&
    a.onEdit === b.onEdit &&
    a.onDelete === b.onDelete &&
    sameData(a.task, b.task),
);

/** To do first: overdue and soonest due, then undated, oldest first; done: most recently completed first. */
export function sortTasks(tasks: readonly Task[]): { todo: Task[]; done: Task[] } {
  const todo = tasks.filter((t) => t.completedAt === null);
  const done = tasks.filter((t) => t.completedAt !== null);
  const far = "9999-12-31";
  // Dates and timestamps are ISO strings: plain comparison orders them (localeCompare is far slower).
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  todo.sort((a, b) => byText(a.dueDate ?? far, b.dueDate ?? far) || byText(a.createdAt, b.createdAt));
  done.sort((a, b) => byText(b.completedAt ?? "", a.completedAt ?? ""));
  return { todo, done };
}
