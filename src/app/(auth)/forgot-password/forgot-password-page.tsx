"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "../../_lib/api";
import { FormAlert, TextField } from "../../_ui/form";
import styles from "../auth.module.css";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [field, setField] = useState<string | undefined>();
  const [sent, setSent] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setField(undefined);
    try {
      setSent((await api.forgotPassword(email.trim())).message);
    } catch (err) {
      if (err instanceof ApiError && err.fields.email) setField(err.fields.email);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Forgot your password?</h1>
      {sent ? (
        <div role="status" className="stack">
          <p>{sent}</p>
          <p className="muted">The link works once, for 30 minutes. Check your spam folder if it does not arrive.</p>
        </div>
      ) : (
        <>
          <p className={styles.intro}>
            Enter your account&apos;s email and we will send you a link to choose a new one.
          </p>
          <form className={styles.form} onSubmit={submit} noValidate>
            <FormAlert message={error} />
            <TextField
              label="Email"
              type="email"
              autoComplete="email"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={field}
            />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? "Sending…" : "Send me a link"}
            </button>
          </form>
        </>
      )}
      <div className={styles.footer}>
        <p>
          <Link href="/signin">Back to sign in</Link>
        </p>
      </div>
    </>
  );
}
