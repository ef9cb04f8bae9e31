"use client";

import { DEFAULT_LIST_ID, type ShoppingListView } from "@/core/shopping-lists";
import { maxLength } from "@/core/tables";
import { type FormEvent, memo, useState } from "react";
import { Dialog } from "../../_ui/dialog";
import { TextField } from "../../_ui/form";
import own from "./shopping-extra.module.css";

interface Props {
  lists: readonly ShoppingListView[];
  current: ShoppingListView;
  /** Items on the current list (for the delete question). */
  itemCount: number;
  onSwitch: (id: string) => void;
  onCreate: (name: string) => Promise<void>;
  onRename: (id: string, name: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

type Editing = { kind: "new" } | { kind: "rename" } | { kind: "delete" } | null;

/**
 * Which list is shown, and the list's own actions: new, rename, delete (the default list stays).
 * Memoized: a tick does not render it (the page passes stable props).
 */
export const ListSwitcher = memo(function ListSwitcher({
  lists,
  current,
  itemCount,
  onSwitch,
  onCreate,
  onRename,
  onDelete,
}: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();

  function open(kind: "new" | "rename" | "delete") {
    setName(kind === "rename" ? current.name : "");
    setError(undefined);
    setEditing({ kind });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = name.trim();
    if (!text) return setError("Give the list a name.");
    if (editing?.kind === "new") await onCreate(text);
    else await onRename(current.id, text);
    setEditing(null);
  }

  return (
    <div className={own.listBar}>
      <label className={own.listPick}>
        <span>List</span>
        <select className="select" value={current.id} onChange={(e) => onSwitch(e.target.value)}>
          {lists.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <div className={own.listActions}>
        <button type="button" className="btn btn-ghost" onClick={() => open("new")}>
          New list
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => open("rename")}>
          Rename
        </button>
        {current.id !== DEFAULT_LIST_ID ? (
          <button type="button" className="btn btn-ghost" onClick={() => open("delete")}>
            Delete list
          </button>
        ) : null}
      </div>
      <Dialog
        open={editing?.kind === "new" || editing?.kind === "rename"}
        title={editing?.kind === "new" ? "New list" : `Rename “${current.name}”`}
        onClose={() => setEditing(null)}
        onSubmit={(e) => void submit(e)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary">
              {editing?.kind === "new" ? "Create" : "Save"}
            </button>
          </>
        }
      >
        <TextField
          label="List name"
          value={name}
          placeholder="e.g. Hardware"
          maxLength={maxLength("shoppingLists", "name")}
          onChange={(e) => setName(e.target.value)}
          error={error}
          autoFocus
        />
      </Dialog>
      <Dialog
        open={editing?.kind === "delete"}
        title={`Delete “${current.name}”?`}
        description={
          itemCount > 0
            ? `Its ${itemCount === 1 ? "item goes" : `${itemCount} items go`} with it, for everyone in the household.`
            : "It is empty; it goes for everyone in the household."
        }
        onClose={() => setEditing(null)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger-solid"
              onClick={() => {
                setEditing(null);
                void onDelete(current.id);
              }}
            >
              Delete list
            </button>
          </>
        }
      >
        {null}
      </Dialog>
    </div>
  );
});
