"use client";

import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { AlertIcon } from "./icons";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={["input", className].filter(Boolean).join(" ")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The error of a whole form, announced as soon as it appears. */
export function FormAlert({ message, id }: { message: string | null; id?: string }) {
  return (
    <div role="alert" id={id} aria-atomic="true">
      {message ? (
        <div className="alert alert-error">
          <AlertIcon size={20} style={{ flex: "none", marginTop: 1 }} />
          <span>{message}</span>
        </div>
      ) : null}
    </div>
  );
}
