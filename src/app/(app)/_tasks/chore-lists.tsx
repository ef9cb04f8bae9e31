"use client";

import type { Task, TaskCompletion } from "@/client";
import type { Chore } from "@/core/chores";
import { memo, useCallback } from "react";
import { rowId } from "../../_lib/row-chunks";
import { describeDue } from "../../_lib/format";
import { sameRows } from "@/core/same-data";
import styles from "../../_ui/page.module.css";
import { RowChunks } from "../../_ui/row-chunks";
import { describeRepeat } from "./describe-repeat";
import { TaskItem } from "./task-item";

interface Handlers {
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  /** A member's name as shown ("You", "Sam"), stable while the members are. */
  name: (id: string | null) => string | null;
}

const sameHandlers = (a: Handlers, b: Handlers) =>
  a.onToggle === b.onToggle && a.onEdit === b.onEdit && a.onDelete === b.onDelete && a.name === b.name;

/** Chores derived anew from unchanged rows are new objects: they are the same chore when what a row shows is. */
const sameChore = (c: Chore, d: Chore) =>
  c.task === d.task && c.due === d.due && c.assigneeId === d.assigneeId && c.done === d.done;
const sameChores = (a: readonly Chore[], b: readonly Chore[]) =>
  a.length === b.length && a.every((c, i) => sameChore(c, b[i]!));
const choreId = (c: Chore) => c.task.id;

function ToDo({ chores, onToggle, onEdit, onDelete, name }: Handlers & { chores: readonly Chore[] }) {
  const renderRow = useCallback(
    (c: Chore) => (
      <TaskItem
        key={c.task.id}
        task={c.task}
        dueDate={c.due}
        done={false}
        repeats={c.task.repeat ? describeRepeat(c.task.repeat) : null}
        assignee={name(c.assigneeId)}
        onToggle={onToggle}
        onEdit={onEdit}
        onDelete={onDelete}
      />
    ),
    [onToggle, onEdit, onDelete, name],
  );
  return (
    <ul className={styles.list}>
      <RowChunks rows={chores} rowKey={choreId} renderRow={renderRow} same={sameChore} />
    </ul>
  );
}

/**
 * The rows of one section of the Today view; re-rendered only when its chores or a handler changed,
 * so ticking a task renders the section it leaves and the done list, not every section's rows.
 */
export const ToDoList = memo(ToDo, (a, b) => sameHandlers(a, b) && sameChores(a.chores, b.chores));

interface DoneProps extends Handlers {
  tasks: readonly Task[];
  repeats: readonly TaskCompletion[];
  /** The repeating chores by task id: a completion of one shows its title. */
  byId: ReadonlyMap<string, Chore>;
  onUndo: (completion: TaskCompletion) => void;
}

function Done({ tasks, repeats, byId, onToggle, onEdit, onDelete, onUndo, name }: DoneProps) {
  const renderTask = useCallback(
    (t: Task) => (
      <TaskItem
        key={t.id}
        task={t}
        assignee={name(t.assigneeId)}
        onToggle={onToggle}
        onEdit={onEdit}
        onDelete={onDelete}
      />
    ),
    [onToggle, onEdit, onDelete, name],
  );
  return (
    <ul className={styles.list}>
      <RowChunks rows={tasks} rowKey={rowId} renderRow={renderTask} />
      {repeats.map((c) => (
        <DoneCompletion
          key={c.id}
          completion={c}
          title={byId.get(c.taskId)?.task.title ?? null}
          who={name(c.userId)}
          onUndo={onUndo}
        />
      ))}
    </ul>
  );
}

/** The done list; re-rendered only when its rows, a repeating chore's title or a handler changed. */
export const DoneList = memo(
  Done,
  (a, b) =>
    sameHandlers(a, b) &&
    a.onUndo === b.onUndo &&
    sameRows(a.tasks, b.tasks) &&
    sameRows(a.repeats, b.repeats) &&
    a.repeats.every((c) => a.byId.get(c.taskId)?.task.title === b.byId.get(c.taskId)?.task.title),
);

function DoneCompletion(props: {
  completion: TaskCompletion;
  title: string | null;
  who: string | null;
  onUndo: (c: TaskCompletion) => void;
}) {
  const { completion, who } = props;
  const id = `done-${completion.id}`;
  const title = props.title ?? "A deleted chore";
  const when = describeDue(completion.doneOn).label;
  return (
    <li className={`${styles.item} ${styles.done}`}>
      <input id={id} type="checkbox" className="checkbox" checked onChange={() => props.onUndo(completion)} />
      <div className={styles.itemMain}>
        <label htmlFor={id} className={styles.itemTitle}>
          {title}
          <span className="visually-hidden">, done {when}</span>
        </label>
        <p className={styles.meta}>
          <span className={styles.chip}>
            {who ?? "Someone"} · {when}
          </span>
        </p>
      </div>
    </li>
  );
}
