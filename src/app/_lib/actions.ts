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

/** Soft-deletes rows and offers an Undo that restores them (a newer write, so it wins everywhere). */
export async function removeWithUndo(repo: Repository, table: TableName, ids: readonly string[], message: string) {
  const ok = await attempt(async () => {
    for (const id of ids) await repo.remove(table, id);
  });
  if (!ok) return;
  showToast(message, {
    action: {
      label: "Undo",
      run: () =>
        void attempt(async () => {
          for (const id of ids) await repo.restore(table, id);
        }),
    },
  });
}
