"use client";

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { CloseIcon } from "./icons";
import styles from "./dialog.module.css";

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** When given, the body is a form and Enter / the submit button call it. */
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  actions: ReactNode;
  description?: string;
}

/**
 * A modal on the native <dialog>: focus moves in and is trapped, Escape closes, and focus returns to
 * the control that opened it. A bottom sheet on phones, centred from tablets up.
 */
export function Dialog({ open, title, onClose, onSubmit, children, actions, description }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const body = (
    <>
      <div className={styles.head}>
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={onClose}>
          <CloseIcon size={20} />
        </button>
      </div>
      {description ? (
        <p id={`${id}-desc`} className={styles.description}>
          {description}
        </p>
      ) : null}
      <div className={styles.body}>{children}</div>
      <div className={styles.actions}>{actions}</div>
    </>
  );

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose(); // a click on the backdrop
      }}
    >
      {open ? (
        onSubmit ? (
          <form className={styles.inner} onSubmit={onSubmit} noValidate>
            {body}
          </form>
        ) : (
          <div className={styles.inner}>{body}</div>
        )
      ) : null}
    </dialog>
  );
}
