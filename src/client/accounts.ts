import type { DomusDb } from "./db";
import type { Owner } from "./repository";

/**
 * After local-only use, moves every row of the local database into the user's database as pending,
 * complete rows (so the next sync uploads them into the household), then empties the local database.
 * Safe to run again if interrupted: rows are merged by id, field by field.
 */
export async function adoptLocalData(
  localDb: DomusDb,
  userDb: DomusDb,
  options: { owner?: Owner } = {},
): Promise<number> {
  void localDb;
  void userDb;
  void options;
  throw new Error("not implemented yet");
}

/** Deletes a database from this device (sign-out with "clear this device"). */
export async function clearDevice(db: DomusDb): Promise<void> {
  db.close();
  await db.delete();
}
