"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "../../_lib/api";
import { useHydrated } from "../../_lib/before-hydration";
import { useDomus } from "../../_lib/domus-provider";
import { FormAlert } from "../../_ui/form";
import { CredentialFields } from "../credential-fields";
import styles from "../auth.module.css";

export default function SignInPage() {
  const router = useRouter();
  const { onSignedIn } = useDomus();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const session = await api.login({ email: email.trim(), password });
      await onSignedIn(session);
      router.replace("/");
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setFields(err.fields);
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Welcome back</h1>
      <p className={styles.intro}>Sign in to sync your household&apos;s tasks, shopping and notes.</p>
      <form method="post" className={styles.form} onSubmit={submit} noValidate aria-describedby="signin-error">
        <FormAlert message={error} id="signin-error" />
        <CredentialFields
          email={email}
          password={password}
          onEmail={setEmail}
          onPassword={setPassword}
          errors={fields}
          passwordKind="current"
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !hydrated}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <div className={styles.footer}>
        <p>
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
        <p>
          New to Domus? <Link href="/signup">Create an account</Link>
        </p>
        <p>
          <Link href="/">Keep using Domus on this device only</Link>
        </p>
      </div>
    </>
  );
}
