"use client";

import type { Note } from "@/client";
import { relativeTime } from "../../_lib/format";
import { PinIcon, TrashIcon } from "../../_ui/icons";
import styles from "./notes.module.css";

interface Props {
  note: Note;
  now: number;
  onOpen: (note: Note) => void;
  onTogglePin: (note: Note) => void;
  onDelete: (note: Note) => void;
}

export function NoteCard({ note, now, onOpen, onTogglePin, onDelete }: Props) {
  const title = note.title || note.body.split("\n")[0]?.slice(0, 80) || "Untitled";
  const body = note.title ? note.body : note.body.split("\n").slice(1).join("\n");
  return (
    <li className={`card ${styles.card} ${note.pinned ? styles.pinned : ""}`}>
      <h3 className={styles.title}>
        <button type="button" className={styles.open} onClick={() => onOpen(note)}>
          {title}
        </button>
      </h3>
      {body.trim() ? <p className={styles.body}>{body}</p> : null}
      <div className={styles.footer}>
        <span className={styles.time}>Edited {relativeTime(note.updatedAt, now)}</span>
        <button
          type="button"
          className={`btn btn-ghost btn-icon ${note.pinned ? styles.pinOn : ""}`}
          aria-pressed={note.pinned}
          aria-label={`Pin ${title}`}
          onClick={() => onTogglePin(note)}
        >
          <PinIcon size={20} />
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label={`Delete ${title}`}
          onClick={() => onDelete(note)}
        >
          <TrashIcon size={20} />
        </button>
      </div>
    </li>
  );
}
