import type { Repository, TableName } from "@/client";
import { showToast } from "../_ui/toasts";

/** Runs a repository write; a refused value (too long...) is shown instead of thrown. */
export async function attempt(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    console.error("Domus: write failed", err);
    showToast(err instanceof Error ? err.message : "That change could not be saved.", { tone: "error" });
    return false;
  }
}

/**
 * Soft-deletes rows and offers an Undo that restores them (a newer write, so it wins everywhere). Both
 * act on exactly `ids`, each in one transaction: a second "Clear" pressed while an Undo is under way
 * sees all of the rows back or none of them, never some.
 */
export async function removeWithUndo(repo: Repository, table: TableName, ids: readonly string[], message: string) {
  const set = [...ids];
  const ok = await attempt(() => repo.removeMany(table, set));
  if (!ok) return;
  showToast(message, {
    action: {
      label: "Undo",
      run: () => void attempt(() => repo.restoreMany(table, set)),
    },
  });
}
