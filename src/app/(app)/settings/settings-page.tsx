"use client";

import Link from "next/link";
import { useState } from "react";
import { useDomus } from "../../_lib/domus-provider";
import { PageHeader } from "../../_ui/empty-state";
import { ChangePassword } from "./change-password";
import { Devices } from "./devices";
import { ReminderSettings } from "./reminder-settings";
import { SignOutDialog } from "./sign-out-dialog";
import { VerifyBanner } from "./verify-banner";
import styles from "./settings.module.css";
import { SyncSettings } from "./sync-settings";
import { YourData } from "./your-data";

export default function SettingsPage() {
  const { session } = useDomus();
  const [signingOut, setSigningOut] = useState(false);

  return (
    <>
      <PageHeader title="Settings" />
      {session ? (
        <>
          <VerifyBanner />
          <section className={`card ${styles.section}`} aria-labelledby="account-heading">
            <h2 id="account-heading">Account</h2>
            <dl className={styles.facts}>
              <dt>Name</dt>
              <dd>{session.user.name}</dd>
              <dt>Email</dt>
              <dd>{session.user.email}</dd>
              <dt>Household</dt>
              <dd>{session.household.name}</dd>
            </dl>
            <div className={styles.actions}>
              <Link href="/household" className="btn btn-primary">
                Members &amp; invites
              </Link>
              <button type="button" className="btn btn-danger" onClick={() => setSigningOut(true)}>
                Sign out
              </button>
            </div>
          </section>
          <ChangePassword />
          <Devices />
          <ReminderSettings />
          <SyncSettings />
          <YourData />
          <SignOutDialog open={signingOut} onClose={() => setSigningOut(false)} />
        </>
      ) : session === null ? (
        <section className={`card ${styles.section}`} aria-labelledby="account-heading">
          <h2 id="account-heading">Only on this device</h2>
          <p>
            Everything you add is kept in this browser and works offline. Create an account to sync with the people you
            live with and your other devices; what you already added comes along.
          </p>
          <div className={styles.actions}>
            <Link href="/signup" className="btn btn-primary">
              Sign up
            </Link>
            <Link href="/signin" className="btn">
              Sign in
            </Link>
            <Link href="/signup?join=1" className="btn btn-ghost">
              I have an invite code
            </Link>
          </div>
        </section>
      ) : null}
    </>
  );
}
