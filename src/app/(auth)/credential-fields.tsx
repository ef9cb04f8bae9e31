"use client";

import type { ReactNode } from "react";
import { useTypedBeforeHydration } from "../_lib/before-hydration";
import { TextField } from "../_ui/form";

interface Props {
  email: string;
  password: string;
  onEmail: (email: string) => void;
  onPassword: (password: string) => void;
  /** Errors by field name, as the server's `fields` or the form's own checks give them. */
  errors: Readonly<Record<string, string>>;
  /** "new" on sign-up (the browser offers to generate and save one), "current" on sign-in. */
  passwordKind: "new" | "current";
  /** Shown under the password while it has no error (the error alone then says what is needed). */
  passwordHint?: ReactNode;
  minPasswordLength?: number;
}

/**
 * The email and password fields of sign-in and sign-up: the same names, autocomplete and errors.
 * Every form with a password field says `method="post"`: sent before the page's script has loaded,
 * the browser submits it itself, and a form's default (GET) would put the password in the address.
 */
export function CredentialFields(props: Props) {
  const { errors } = props;
  // Typed, or filled in by a password manager, before the page's script ran: kept, so what the
  // fields show is what the form sends.
  const email = useTypedBeforeHydration(props.email, props.onEmail);
  const password = useTypedBeforeHydration(props.password, props.onPassword);
  return (
    <>
      <TextField
        ref={email}
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        inputMode="email"
        required
        value={props.email}
        onChange={(e) => props.onEmail(e.target.value)}
        error={errors.email}
      />
      <TextField
        ref={password}
        label="Password"
        type="password"
        name="password"
        autoComplete={props.passwordKind === "new" ? "new-password" : "current-password"}
        required
        minLength={props.minPasswordLength}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        hint={errors.password ? undefined : props.passwordHint}
        error={errors.password}
      />
    </>
  );
}
