"use client";

import type { Note } from "@/client";
import { useState } from "react";
import { attempt, removeWithUndo } from "../../_lib/actions";
import { useDomus } from "../../_lib/domus-provider";
import { plural, useNow } from "../../_lib/format";
import { useCurrentRows } from "../../_lib/use-rows";
import { EmptyState, Loading, PageHeader } from "../../_ui/empty-state";
import { NoteIcon, PlusIcon } from "../../_ui/icons";
import page from "../../_ui/page.module.css";
import { NoteCard } from "./note-card";
import { NoteEditor, type NoteDraft } from "./note-editor";
import styles from "./notes.module.css";

const newestFirst = (a: Note, b: Note) => b.updatedAt.localeCompare(a.updatedAt);

export default function NotesPage() {
  const { repo } = useDomus();
  const now = useNow(60_000);
  const notes = useCurrentRows("notes");
  const [editing, setEditing] = useState<Note | "new" | null>(null);

  async function save(note: Note | "new", draft: NoteDraft) {
    if (!repo) return;
    const ok = await attempt(() => (note === "new" ? repo.add("notes", draft) : repo.update("notes", note.id, draft)));
    if (ok) setEditing(null);
  }

  function remove(note: Note) {
    if (!repo) return;
    setEditing(null);
    void removeWithUndo(repo, "notes", [note.id], `Deleted “${note.title || "Untitled"}”`);
  }

  const togglePin = (note: Note) => repo && void attempt(() => repo.update("notes", note.id, { pinned: !note.pinned }));

  const pinned = (notes ?? []).filter((n) => n.pinned).sort(newestFirst);
  const others = (notes ?? []).filter((n) => !n.pinned).sort(newestFirst);
  const grid = (list: Note[]) => (
    <ul className={styles.grid}>
      {list.map((n) => (
        <NoteCard key={n.id} note={n} now={now} onOpen={setEditing} onTogglePin={togglePin} onDelete={remove} />
      ))}
    </ul>
  );

  return (
    <>
      <PageHeader
        title="Notes"
        summary={notes?.length ? plural(notes.length, "note") : undefined}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")} disabled={!repo}>
            <PlusIcon size={20} />
            New note
          </button>
        }
      />
      {notes === undefined ? (
        <Loading label="Opening your notes…" />
      ) : notes.length === 0 ? (
        <EmptyState icon={<NoteIcon size={32} />} title="No notes yet">
          Keep the Wi-Fi password, bin days and the plumber&apos;s number where everyone can find them.
        </EmptyState>
      ) : (
        <>
          {pinned.length > 0 ? (
            <section aria-labelledby="pinned-notes">
              <div className={page.sectionHead}>
                <h2 id="pinned-notes" className={page.sectionTitle}>
                  Pinned
                </h2>
              </div>
              {grid(pinned)}
            </section>
          ) : null}
          {others.length > 0 ? (
            <section aria-labelledby="other-notes" className={pinned.length > 0 ? page.section : undefined}>
              <div className={page.sectionHead}>
                <h2 id="other-notes" className={pinned.length > 0 ? page.sectionTitle : "visually-hidden"}>
                  {pinned.length > 0 ? "Others" : "All notes"}
                </h2>
              </div>
              {grid(others)}
            </section>
          ) : null}
        </>
      )}
      <NoteEditor note={editing} onSave={save} onDelete={remove} onClose={() => setEditing(null)} />
    </>
  );
}
