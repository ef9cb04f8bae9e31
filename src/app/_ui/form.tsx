"use client";

import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { AlertIcon } from "./icons";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** What a control needs from the field around it: its id, and the hint and error that describe it. */
interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * The block every form field is (pages and editors): a label, the control, a hint and an error
 * announced with it (aria-describedby), in the same places and styles.
 */
function Field({ label, hint, error, control }: FieldProps & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
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

const classes = (base: string, extra: string | undefined) => [base, extra].filter(Boolean).join(" ");

type TextFieldProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { ref?: Ref<HTMLInputElement> };

/** A labelled input. */
export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(props) => <input {...props} className={classes("input", className)} {...input} />}
    />
  );
}

type TextAreaFieldProps = FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

/** A labelled multi-line text. */
export function TextAreaField({ label, hint, error, className, ...textarea }: TextAreaFieldProps) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(props) => <textarea {...props} className={classes("textarea", className)} {...textarea} />}
    />
  );
}

type SelectFieldProps = FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">;

/** A labelled choice among options (the children). */
export function SelectField({ label, hint, error, className, children, ...select }: SelectFieldProps) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(props) => (
        <select {...props} className={classes("select", className)} {...select}>
          {children}
        </select>
      )}
    />
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
