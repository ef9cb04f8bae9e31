"use client";

import type { PublicUser } from "@/core/protocol";
import { memo, useId, useState, type FormEvent } from "react";
import { PlusIcon } from "../../_ui/icons";
import styles from "../../_ui/page.module.css";
import form from "./new-task-form.module.css";
import { maxLength } from "@/core/tables";
import { useTypedBeforeHydration } from "../../_lib/before-hydration";

export interface NewTask {
  title: string;
  dueDate: string | null;
  assigneeId: string | null;
}

interface Props {
  members: readonly PublicUser[];
  meId: string | null;
  disabled: boolean;
  /**
   * Shows the task at once (false when its values are refused); `onFail` runs if the write fails
   * later, to give the typed title back.
   */
  onAdd: (task: NewTask, onFail: () => void) => boolean;
}

/**
 * Adds a task with, optionally, its due date and assignee: no need to open the editor after. Memoized:
 * completing a task re-renders the page, not this form (its inputs were set again on every render).
 */
export const NewTaskForm = memo(function NewTaskForm({ members, meId, disabled, onAdd }: Props) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [assigneeId, setAssigneeId] = useState("");
  const input = useTypedBeforeHydration(title, setTitle);

  function submit(e: FormEvent) {
    e.preventDefault();
    const text = title.trim();
    if (disabled || !text) return;
    const draft = { title: text, dueDate: dueDate || null, assigneeId: assigneeId || null };
    // The row and the cleared field render together; the typed title comes back if the write fails.
    if (!onAdd(draft, () => setTitle((current) => current || text))) return;
    setTitle("");
    setDueDate("");
    setAssigneeId("");
    input.current?.focus(); // Enter adds and keeps focus here for the next task.
  }

  return (
    <form className={styles.addBarWrap} onSubmit={submit}>
      <div className={styles.addBar}>
        <label htmlFor="new-task" className="visually-hidden">
          New task
        </label>
        <input
          ref={input}
          id="new-task"
          className={`input ${styles.grow}`}
          placeholder="Add a task"
          maxLength={maxLength("tasks", "title")}
          autoComplete="off"
          enterKeyHint="done"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={disabled || !title.trim()}>
          <PlusIcon size={20} />
          Add
        </button>
      </div>
      <div className={form.details}>
        <label htmlFor={`${id}-due`} className={form.detail}>
          <span>Due</span>
          <input
            id={`${id}-due`}
            className="input"
            type="date"
            value={dueDate}
            onChange={(e) => setDueDate(e.target.value)}
          />
        </label>
        {members.length > 1 ? (
          <label htmlFor={`${id}-assignee`} className={form.detail}>
            <span>For</span>
            <select
              id={`${id}-assignee`}
              className="select"
              value={assigneeId}
              onChange={(e) => setAssigneeId(e.target.value)}
            >
              <option value="">Anyone</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id === meId ? `${m.name} (you)` : m.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
    </form>
  );
});
