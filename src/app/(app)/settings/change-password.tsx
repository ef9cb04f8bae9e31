"use client";

import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "../../_lib/api";
import { useHydrated } from "../../_lib/before-hydration";
import { FormAlert, TextField } from "../../_ui/form";
import styles from "./settings.module.css";

/** Current password required; every other device is signed out, this one stays. */
export function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    setDone(null);
    try {
      const { signedOut } = await api.changePassword(current, next);
      setCurrent("");
      setNext("");
      setDone(
        signedOut > 0
          ? `Password changed. ${signedOut} other device${signedOut === 1 ? " was" : "s were"} signed out.`
          : "Password changed.",
      );
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setFields(err.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`card ${styles.section}`} aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form method="post" onSubmit={submit} noValidate className="stack">
        <FormAlert message={error} />
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={fields.currentPassword}
          required
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Your other devices will be signed out."
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={fields.newPassword}
          required
        />
        <div className={styles.actions}>
          <button type="submit" className="btn btn-primary" disabled={busy || !hydrated}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
        <p role="status" aria-live="polite">
          {done}
        </p>
      </form>
    </section>
  );
}
