"use client";

import type { FormEvent, ReactNode } from "react";
import { Dialog } from "./dialog";

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: (e: FormEvent) => void;
  /** Shown as a Delete button when the row exists (not for a new one). */
  onDelete?: (() => void) | undefined;
  children: ReactNode;
}

/**
 * The dialog every row editor is (tasks, shopping items, notes): its fields, then Delete, Cancel and
 * Save in the same places, Save submitting the form (Enter in a field saves too).
 */
export function EditorDialog({ open, title, onClose, onSubmit, onDelete, children }: Props) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      onSubmit={onSubmit}
      actions={
        <>
          {onDelete ? (
            <button type="button" className="btn btn-danger" onClick={onDelete}>
              Delete
            </button>
          ) : null}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Save
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
