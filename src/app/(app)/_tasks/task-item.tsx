"use client";

import type { Task } from "@/client";
import { memo } from "react";
import { keepFocusOnRows } from "../../_lib/keep-focus";
import { describeDue } from "../../_lib/format";
import { sameData } from "@/core/same-data";
import { CalendarIcon, RepeatIcon, UserIcon } from "../../_ui/icons";
import { RowActions } from "../../_ui/row-actions";
import styles from "../../_ui/page.module.css";

interface Props {
  task: Task;
  assignee: string | null;
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  /** The due day shown: a repeating chore's next occurrence (default: the task's due date). */
  dueDate?: string | null;
  /** How it repeats ("Every week"), for a repeating chore. */
  repeats?: string | null;
  done?: boolean;
}

function Row({ task, assignee, onToggle, onEdit, onDelete, ...shown }: Props) {
  const done = shown.done ?? task.completedAt !== null;
  const dueDate = shown.dueDate === undefined ? task.dueDate : shown.dueDate;
  const due = dueDate ? describeDue(dueDate) : null;
  const repeats = shown.repeats ?? null;
  const checkboxId = `task-${task.id}`;
  return (
    <li className={`${styles.item} ${done ? styles.done : ""}`}>
      <input
        id={checkboxId}
        type="checkbox"
        className="checkbox"
        checked={done}
        onChange={(e) => {
          keepFocusOnRows(e.currentTarget);
          onToggle(task);
        }}
        aria-describedby={due || assignee || repeats ? `${checkboxId}-meta` : undefined}
      />
      <div className={styles.itemMain}>
        <label htmlFor={checkboxId} className={styles.itemTitle}>
          {task.title}
        </label>
        {task.notes ? <p className={styles.itemNotes}>{task.notes}</p> : null}
        {due || assignee || repeats ? (
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
            {repeats ? (
              <span className={styles.chip}>
                <RepeatIcon size={14} />
                {repeats}
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
      <RowActions name={task.title} onEdit={() => onEdit(task)} onDelete={() => onDelete(task)} />
    </li>
  );
}

/**
 * One row of the list; re-rendered only when its task's data, its assignee or a handler changed, so
 * ticking one task of a long list renders one row. (A repeating chore's row changes with its next due day
 * while its task row stays the same, hence the shown values are compared too.) The handlers must be stable (useCallback).
 */
export const TaskItem = memo(
  Row,
  (a, b) =>
    a.assignee === b.assignee &&
    a.dueDate === b.dueDate &&
    a.repeats === b.repeats &&
    a.done === b.done &&
    a.onToggle === b.onToggle &&
    a.onEdit === b.onEdit &&
    a.onDelete === b.onDelete &&
    sameData(a.task, b.task),
);
