"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, api, errorMessage, type RegisterInput } from "../../_lib/api";
import { useHydrated, useTypedBeforeHydration } from "../../_lib/before-hydration";
import { useDomus } from "../../_lib/domus-provider";
import { FormAlert, TextField } from "../../_ui/form";
import styles from "../auth.module.css";
import { CredentialFields } from "../credential-fields";

const MIN_PASSWORD = 8;

type Mode = "create" | "join";

export function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { onSignedIn } = useDomus();
  const invited = params.get("invite")?.trim() ?? "";
  const [mode, setMode] = useState<Mode>(invited || params.has("join") ? "join" : "create");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [householdName, setHouseholdName] = useState("");
  const [inviteCode, setInviteCode] = useState(invited);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const nameField = useTypedBeforeHydration(name, setName);
  const householdField = useTypedBeforeHydration(householdName, setHouseholdName);
  const inviteField = useTypedBeforeHydration(inviteCode, setInviteCode);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  // Bumped by every refused submit: focus then moves to the first field in error (not the button).
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const length = [...password].length;
  const longEnough = length >= MIN_PASSWORD;

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Tell your household what to call you.";
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) found.email = "Enter an email address like sam@example.com.";
    if (!longEnough) found.password = `Use at least ${MIN_PASSWORD} characters (${length} so far).`;
    if (mode === "join" && !inviteCode.trim()) found.inviteCode = "Enter the code someone in your household shared.";
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const local = validate();
    setFields(local);
    if (Object.keys(local).length > 0) {
      setError("Please fix the highlighted fields.");
      setRefusals((n) => n + 1);
      return;
    }
    setBusy(true);
    const input: RegisterInput = { name: name.trim(), email: email.trim(), password };
    if (mode === "join") input.inviteCode = inviteCode.trim();
    else if (householdName.trim()) input.householdName = householdName.trim();
    try {
      const session = await api.register(input);
      await onSignedIn(session);
      router.replace("/");
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) {
        setFields(err.code === "invalid_invite" ? { inviteCode: err.message } : err.fields);
      }
      setBusy(false);
      setRefusals((n) => n + 1);
    }
  }

  return (
    <>
      <h1>{mode === "join" ? "Join your household" : "Create your household"}</h1>
      <p className={styles.intro}>
        An account syncs Domus across your devices and with everyone you live with. Anything you added on this device
        comes along.
      </p>
      <form
        method="post"
        ref={form}
        className={styles.form}
        onSubmit={submit}
        noValidate
        aria-describedby="signup-error"
      >
        <FormAlert message={error} id="signup-error" />
        <TextField
          ref={nameField}
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name}
        />
        <CredentialFields
          email={email}
          password={password}
          onEmail={setEmail}
          onPassword={setPassword}
          errors={fields}
          passwordKind="new"
          minPasswordLength={MIN_PASSWORD}
          passwordHint={
            <span aria-live="polite">
              {longEnough ? "✓ " : ""}At least {MIN_PASSWORD} characters
              {length > 0 && !longEnough ? ` (${length} so far)` : ""}. Any language, spaces welcome.
            </span>
          }
        />
        <fieldset className={styles.choice}>
          <legend>Household</legend>
          <div className={styles.segmented}>
            <label className={styles.segment}>
              <input type="radio" name="mode" checked={mode === "create"} onChange={() => setMode("create")} />
              <span>Start a new one</span>
            </label>
            <label className={styles.segment}>
              <input type="radio" name="mode" checked={mode === "join"} onChange={() => setMode("join")} />
              <span>Join with an invite code</span>
            </label>
          </div>
          {mode === "create" ? (
            <TextField
              ref={householdField}
              label="Household name"
              name="householdName"
              placeholder={name.trim() ? `${name.trim()}'s home` : "The Smiths"}
              maxLength={100}
              value={householdName}
              onChange={(e) => setHouseholdName(e.target.value)}
              hint="Optional. You can invite the others once you are in."
              error={fields.householdName}
            />
          ) : (
            <TextField
              ref={inviteField}
              label="Invite code"
              name="inviteCode"
              className={styles.invite}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
              value={inviteCode}
              onChange={(e) => setInviteCode(e.target.value)}
              hint="Someone in your household can create one under Settings."
              error={fields.inviteCode}
            />
          )}
        </fieldset>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !hydrated}>
          {busy ? "Creating your account…" : mode === "join" ? "Join household" : "Create account"}
        </button>
      </form>
      <div className={styles.footer}>
        <p>
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
        <p>
          <Link href="/">Keep using Domus on this device only</Link>
        </p>
      </div>
    </>
  );
}
