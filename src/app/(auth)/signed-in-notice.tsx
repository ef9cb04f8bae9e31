"use client";

import Link from "next/link";
import { useDomus } from "../_lib/domus-provider";
import styles from "./auth.module.css";

/** Sign-in and sign-up notice an account already signed in on this device, and offer the way back. */
export function SignedInNotice() {
  const { session } = useDomus();
  if (!session) return null;
  return (
    <div role="status" className={styles.signedIn}>
      <p>
        You are signed in as <strong>{session.user.name}</strong> ({session.user.email}) in {session.household.name}.
      </p>
      <Link href="/" className="btn btn-primary">
        Go to Today
      </Link>
    </div>
  );
}
