"use client";

import type { Note } from "@/client";
import { maxLength } from "@/core/tables";
import { useEffect, useState, type FormEvent } from "react";
import { EditorDialog } from "../../_ui/editor-dialog";
import { TextAreaField, TextField } from "../../_ui/form";

export interface NoteDraft {
  title: string;
  body: string;
  pinned: boolean;
}

interface Props {
  /** `"new"` for a new note, a note to edit, or null when closed. */
  note: Note | "new" | null;
  onSave: (note: Note | "new", draft: NoteDraft) => Promise<void>;
  onDelete: (note: Note) => void;
  onClose: () => void;
}

export function NoteEditor({ note, onSave, onDelete, onClose }: Props) {
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [pinned, setPinned] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (note === null) return;
    setTitle(note === "new" ? "" : note.title);
    setBody(note === "new" ? "" : note.body);
    setPinned(note === "new" ? false : note.pinned);
    setError(null);
  }, [note]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (note === null) return;
    if (!title.trim() && !body.trim()) {
      setError("Write a title or some text first.");
      return;
    }
    await onSave(note, { title: title.trim(), body, pinned });
  }

  const existing = note !== null && note !== "new" ? note : null;
  return (
    <EditorDialog
      open={note !== null}
      title={existing ? "Edit note" : "New note"}
      onClose={onClose}
      onSubmit={submit}
      onDelete={existing ? () => onDelete(existing) : undefined}
    >
      <TextField
        label="Title"
        value={title}
        maxLength={maxLength("notes", "title")}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextAreaField
        label="Note"
        rows={9}
        value={body}
        maxLength={maxLength("notes", "body")}
        placeholder="Wi-Fi password, the plumber's number, bin days…"
        error={error ?? undefined}
        onChange={(e) => setBody(e.target.value)}
      />
      <label className="row" style={{ fontWeight: 600 }}>
        <input type="checkbox" className="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
        Pin to the top
      </label>
    </EditorDialog>
  );
}
