"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "../../_lib/api";
import { useDomus } from "../../_lib/domus-provider";
import { FormAlert, TextField } from "../../_ui/form";
import styles from "../auth.module.css";

/** The token is in the fragment (`#token=`), so it never reaches a server log or a Referer header. */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
}

export default function ResetPasswordPage() {
  const router = useRouter();
  const { onSignedIn } = useDomus();
  const [token, setToken] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dead, setDead] = useState(false);
  const [field, setField] = useState<string | undefined>();

  useEffect(() => setToken(tokenFromHash()), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    setBusy(true);
    setError(null);
    setField(undefined);
    try {
      const session = await api.resetPassword(token, password);
      await onSignedIn(session);
      router.replace("/");
    } catch (err) {
      if (err instanceof ApiError && err.fields.password) setField(err.fields.password);
      else setError(errorMessage(err));
      if (err instanceof ApiError && ["link_expired", "link_used", "invalid_link"].includes(err.code)) setDead(true);
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Choose a new password</h1>
      {token === null ? (
        <p role="status">Checking the link…</p>
      ) : token === "" ? (
        <FormAlert message="This link is incomplete. Open the link from the email again, or ask for a new one." />
      ) : (
        <form method="post" className={styles.form} onSubmit={submit} noValidate>
          <p className={styles.intro}>Every device signed in to your account will be signed out; this one signs in.</p>
          <FormAlert message={error} />
          {dead ? null : (
            <>
              <TextField
                label="New password"
                type="password"
                autoComplete="new-password"
                hint="At least 8 characters."
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={field}
              />
              <button type="submit" className="btn btn-primary btn-block" disabled={busy || !token}>
                {busy ? "Saving…" : "Save and sign in"}
              </button>
            </>
          )}
        </form>
      )}
      <div className={styles.footer}>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      </div>
    </>
  );
}
