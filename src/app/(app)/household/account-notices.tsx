"use client";

import { getMeta, setMeta, type Departure } from "@/client";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect } from "react";
import { useDomus } from "../../_lib/domus-provider";
import { storeSession } from "../../_lib/session";

const WHY: Record<Departure["reason"], (name: string) => string> = {
  removed: (name) => `The owner removed you from ${name}.`,
  left: (name) => `You left ${name}.`,
  joined_another: (name) => `You left ${name} to join another household.`,
  unknown: (name) => `Your account is no longer in ${name}.`,
};

/**
 * After this device dropped a household's data (the sync's 409 household_changed), says why, and
 * points the app at the household the account is in now (the workspace reopens for it).
 */
export function AccountNotices() {
  const { db, session } = useDomus();
  const departure = useLiveQuery(async () => (db ? getMeta(db, "departure") : null), [db]);
  const account = useLiveQuery(async () => (db ? getMeta(db, "account") : null), [db]);

  useEffect(() => {
    if (!session || !account || account.userId !== session.user.id) return;
    if (account.householdId !== session.household.id) {
      // Cached member names of the old household go too.
      for (const key of Object.keys(window.localStorage)) {
        if (key.startsWith("domus.members.") && key !== `domus.members.${account.householdId}`) {
          window.localStorage.removeItem(key);
        }
      }
      storeSession({ user: session.user, household: { id: account.householdId, name: account.householdName } });
    }
  }, [session, account]);

  if (!departure || !db) return null;
  const name = departure.householdName ?? "your previous household";
  return (
    <div className="alert alert-warn" role="alert" data-testid="household-left-notice" style={{ marginBottom: 16 }}>
      <div className="stack" style={{ gap: 8 }}>
        <strong>{WHY[departure.reason](name)}</strong>
        <span>
          Nothing of {name} is kept on this device any more.
          {session ? ` You are now in ${session.household.name}.` : ""}
        </span>
        <span>
          <button type="button" className="btn" onClick={() => void setMeta(db, "departure", null)}>
            OK
          </button>
        </span>
      </div>
    </div>
  );
}
