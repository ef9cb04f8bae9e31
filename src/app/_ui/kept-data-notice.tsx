"use client";

import Link from "next/link";
import { useDomus } from "../_lib/domus-provider";
import { useKeptAccount } from "../_lib/kept-account";
import styles from "./page.module.css";

/**
 * Shown on an empty screen after signing out with "keep this device's data": the rows are not lost,
 * they wait in that account's database on this device until it signs in again.
 */
export function KeptDataNotice({ what }: { what: string }) {
  const { session } = useDomus();
  const kept = useKeptAccount();
  if (session || !kept) return null;
  return (
    <div className={styles.empty} role="note" aria-label="Your data is kept on this device">
      <h2>
        {kept.household}&apos;s {what} are kept on this device
      </h2>
      <p>
        You signed out of {kept.email} and kept its data here. Sign in as {kept.name} to see it again; what you add now
        stays on this device until you sign in or sign up.
      </p>
      <p>
        <Link href="/signin" className="btn btn-primary">
          Sign in again
        </Link>
      </p>
    </div>
  );
}
