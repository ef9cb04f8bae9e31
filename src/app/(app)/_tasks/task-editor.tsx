"use client";

import type { EditableFields, Task } from "@/client";
import { maxLength } from "@/core/tables";
import type { PublicUser } from "@/core/protocol";
import { memo, useEffect, useState, type FormEvent } from "react";
import { EditorDialog } from "../../_ui/editor-dialog";
import { SelectField, TextAreaField, TextField } from "../../_ui/form";
import { todayIso } from "../../_lib/format";
import { RecurrencePicker, type RepeatValue } from "./recurrence-picker";

/** The fields this editor changes, typed by the table definition. */
export type TaskPatch = Pick<EditableFields<"tasks">, "title" | "notes" | "assigneeId" | "dueDate"> & {
  repeat: RepeatValue["repeat"];
  rotation: RepeatValue["rotation"];
};

interface Props {
  task: Task | null;
  members: readonly PublicUser[];
  meId: string | null;
  onSave: (task: Task, patch: TaskPatch) => Promise<void>;
  onDelete: (task: Task) => void;
  onClose: () => void;
}

/** Memoized: while it is closed, a change of the page's rows does not render it. */
export const TaskEditor = memo(function TaskEditor({ task, members, meId, onSave, onDelete, onClose }: Props) {
  const [title, setTitle] = useState("");
  const [notes, setNotes] = useState("");
  const [assigneeId, setAssigneeId] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [repeat, setRepeat] = useState<RepeatValue>({ repeat: null, rotation: null });
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!task) return;
    setTitle(task.title);
    setNotes(task.notes ?? "");
    setAssigneeId(task.assigneeId ?? "");
    setDueDate(task.dueDate ?? "");
    setRepeat({ repeat: task.repeat, rotation: task.rotation });
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
      // A repeating chore starts on its due date: today when none was set.
      dueDate: dueDate || (repeat.repeat ? todayIso() : null),
      repeat: repeat.repeat,
      rotation: repeat.repeat ? repeat.rotation : null,
    });
  }

  // An assignee who left the household still shows, so saving does not silently unassign.
  const known = members.some((m) => m.id === task?.assigneeId);
  return (
    <EditorDialog
      open={task !== null}
      title="Edit task"
      onClose={onClose}
      onSubmit={submit}
      onDelete={() => task && onDelete(task)}
    >
      <TextField
        label="Title"
        value={title}
        maxLength={maxLength("tasks", "title")}
        required
        onChange={(e) => setTitle(e.target.value)}
        error={error}
      />
      <TextAreaField
        label="Notes"
        value={notes}
        maxLength={maxLength("tasks", "notes")}
        placeholder="Anything that helps: where, how, which one…"
        onChange={(e) => setNotes(e.target.value)}
      />
      {members.length > 0 && !repeat.rotation ? (
        <SelectField label="Assigned to" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
          <option value="">Nobody yet</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id === meId ? `${m.name} (you)` : m.name}
            </option>
          ))}
          {task?.assigneeId && !known ? <option value={task.assigneeId}>A former member</option> : null}
        </SelectField>
      ) : members.length === 0 ? (
        <p className="hint">Sign up and invite your household to share out tasks.</p>
      ) : null}
      <TextField
        label="Due date"
        type="date"
        value={dueDate}
        hint={repeat.repeat ? "A repeating chore is first due on this day." : undefined}
        onChange={(e) => setDueDate(e.target.value)}
      />
      <RecurrencePicker
        value={repeat}
        onChange={setRepeat}
        members={members}
        meId={meId}
        start={dueDate || todayIso()}
      />
    </EditorDialog>
  );
});
