"use client";

import type { EditableFields, Task } from "@/client";
import { maxLength } from "@/core/tables";
import type { PublicUser } from "@/core/protocol";
import { useEffect, useId, useState, type FormEvent } from "react";
import { Dialog } from "../../_ui/dialog";
import { TextField } from "../../_ui/form";

/** The fields this editor changes, typed by the table definition. */
export type TaskPatch = Pick<EditableFields<"tasks">, "title" | "notes" | "assigneeId" | "dueDate">;

interface Props {
  task: Task | null;
  members: readonly PublicUser[];
  meId: string | null;
  onSave: (task: Task, patch: TaskPatch) => Promise<void>;
  onDelete: (task: Task) => void;
  onClose: () => void;
}

export function TaskEditor({ task, members, meId, onSave, onDelete, onClose }: Props) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [notes, setNotes] = useState("");
  const [assigneeId, setAssigneeId] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!task) return;
    setTitle(task.title);
    setNotes(task.notes ?? "");
    setAssigneeId(task.assigneeId ?? "");
    setDueDate(task.dueDate ?? "");
    setError(undefined);
  }, [task]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!task) return;
    if (!title.trim()) {
      setError("A task needs a title.");
      return;
    }
    await onSave(task, {
      title: title.trim(),
      notes: notes.trim() ? notes : null,
      assigneeId: assigneeId || null,
      dueDate: dueDate || null,
    });
  }

  // An assignee who left the household still shows, so saving does not silently unassign.
  const known = members.some((m) => m.id === task?.assigneeId);
  return (
    <Dialog
      open={task !== null}
      title="Edit task"
      onClose={onClose}
      onSubmit={submit}
      actions={
        <>
          <button type="button" className="btn btn-danger" onClick={() => task && onDelete(task)}>
            Delete
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </>
      }
    >
      <TextField
        label="Title"
        value={title}
        maxLength={maxLength("tasks", "title")}
        required
        onChange={(e) => setTitle(e.target.value)}
        error={error}
      />
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea
          id={`${id}-notes`}
          className="textarea"
          value={notes}
          maxLength={maxLength("tasks", "notes")}
          placeholder="Anything that helps: where, how, which one…"
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      {members.length > 0 ? (
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assigned to</label>
          <select
            id={`${id}-assignee`}
            className="select"
            value={assigneeId}
            onChange={(e) => setAssigneeId(e.target.value)}
          >
            <option value="">Nobody yet</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === meId ? `${m.name} (you)` : m.name}
              </option>
            ))}
            {task?.assigneeId && !known ? <option value={task.assigneeId}>A former member</option> : null}
          </select>
        </div>
      ) : (
        <p className="hint">Sign up and invite your household to share out tasks.</p>
      )}
      <TextField label="Due date" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
    </Dialog>
  );
}
