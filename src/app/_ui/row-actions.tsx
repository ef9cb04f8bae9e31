import { EditIcon, TrashIcon } from "./icons";
import styles from "./page.module.css";

interface Props {
  /** What the row shows (a task's title, an item's name): the buttons are "Edit <name>", "Delete <name>". */
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}

/** The Edit and Delete buttons at the end of a list row (tasks, shopping items). */
export function RowActions({ name, onEdit, onDelete }: Props) {
  return (
    <div className={styles.itemActions}>
      <button type="button" className="btn btn-ghost btn-icon" aria-label={`Edit ${name}`} onClick={onEdit}>
        <EditIcon size={20} />
      </button>
      <button type="button" className="btn btn-ghost btn-icon" aria-label={`Delete ${name}`} onClick={onDelete}>
        <TrashIcon size={20} />
      </button>
    </div>
  );
}
