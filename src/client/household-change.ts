import { TABLE_NAMES } from "../core/tables";
import type { ApiError } from "./api-client";
import { untrackedTransaction } from "./change-tracking";
import type { DomusDb } from "./db";
import { type Departure, getMeta, setMeta } from "./meta";

interface ChangedDetails {
  reason?: Departure["reason"];
  previous?: { id?: string; name?: string | null };
  household?: { id?: string; name?: string };
}

/**
 * The account is no longer in the household this database holds (removed, left, joined another):
 * every row of it, the outbox, conflicts and the cursor go in one transaction, the database is
 * re-pointed at the account's household now, and `departure` records why for the app to say so.
 * The next sync downloads the new household (with the user's own preferences, which moved with them).
 */
export async function dropHouseholdData(db: DomusDb, err: ApiError): Promise<void> {
  const details = (err.details ?? {}) as ChangedDetails;
  const next = details.household;
  if (typeof next?.id !== "string" || typeof next.name !== "string") return;
  await switchHousehold(
    db,
    { id: next.id, name: next.name },
    {
      reason: details.reason ?? "unknown",
      householdName: details.previous?.name ?? null,
      message: err.message,
      at: new Date().toISOString(),
    },
  );
}

/**
 * Points the database at `next`, dropping everything of the household it held if that was another
 * one (also used at sign-in, when the account changed household while this device was signed out).
 * Returns whether data was dropped.
 */
export async function switchHousehold(
  db: DomusDb,
  next: { id: string; name: string },
  departure: Departure,
): Promise<boolean> {
  let dropped = false;
  const stores = [...TABLE_NAMES.map((t) => db.table(t)), db.outbox, db.conflicts, db.meta];
  // Dropping the old household's rows is not a change to sync (untracked).
  await untrackedTransaction(db, stores, async () => {
    const account = await getMeta(db, "account");
    if (!account || account.householdId === next.id) return;
    dropped = true;
    for (const t of TABLE_NAMES) await db.table(t).clear();
    await db.outbox.clear();
    await db.conflicts.clear();
    await setMeta(db, "cursor", null);
    await setMeta(db, "tableSync", {});
    await setMeta(db, "resync", false);
    await setMeta(db, "lastSyncAt", null);
    // The unanswered push carried the old household's rows: never resend it into the new one.
    await setMeta(db, "inflightPush", null);
    await setMeta(db, "account", { ...account, householdId: next.id, householdName: next.name });
    await setMeta(db, "departure", departure);
  });
  return dropped;
}
