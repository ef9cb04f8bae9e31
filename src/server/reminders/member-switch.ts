import { preferenceId } from "../../core/preference-id";
import { REMINDER_KEYS, type ReminderSwitch, switchValue } from "../../core/reminders";
import { tableDef } from "../../core/tables";
import type { RowStore, Scope } from "../sync/row-store";

/**
 * One of a member's reminder switches, read from their synced preference row in the household's
 * shard (the row Settings writes, offline too): the default unless a live row holds a boolean.
 */
export async function memberSwitch(rows: RowStore, member: Scope, name: ReminderSwitch): Promise<boolean> {
  const id = preferenceId(member.userId, REMINDER_KEYS[name]);
  const [row] = await rows.read(member, tableDef("preferences"), [id]);
  return switchValue(name, row && row.deletedAt === null ? row.value : undefined);
}
