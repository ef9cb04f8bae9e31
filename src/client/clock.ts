import { createHlc, type Hlc } from "../core/hlc";
import type { DomusDb } from "./db";
import { getMeta } from "./meta";

/**
 * The device's hybrid logical clock, resumed from the last timestamp this database issued or saw,
 * so a reload (or a wall clock set back) never stamps a change behind an earlier one.
 * Repository writes and pulled pages store the clock's progress in the same transaction.
 */
export async function loadHlc(db: DomusDb, now: () => number = Date.now): Promise<Hlc> {
  return createHlc({ now, last: await getMeta(db, "hlc") });
}
