import type { PushedRow } from "../../core/define-table";
import { preferenceId } from "../../core/preference-id";

/** The shape of an id a client derives for a preference (src/core/preference-id.ts). */
const DERIVED_PREFERENCE_ID = /^pref-[0-9a-f]{16}$/;

/**
 * Why the caller may not write this row under its id, or null. A preference's id is derived from its
 * user and key, so each device of that user writes the same row; rows are keyed by household, so a
 * member who created a row under an id derived for ANOTHER member would own it first, and that member's
 * preference could never sync. A derived-looking id must therefore be the caller's own derivation.
 * (A row without `key` can only update an existing row, and the row store lets it touch only the
 * caller's own.)
 */
export function userRowIdProblem(table: string, row: PushedRow, userId: string): string | null {
  if (table !== "preferences" || !DERIVED_PREFERENCE_ID.test(row.id)) return null;
  const key = row.values.key;
  if (typeof key !== "string") return null;
  return row.id === preferenceId(userId, key) ? null : "This preference id is derived for another user.";
}
