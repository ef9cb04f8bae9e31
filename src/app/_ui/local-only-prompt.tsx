"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { CloseIcon } from "./icons";
import styles from "./local-only-prompt.module.css";

const KEY = "domus.hideSignupPrompt";
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** A gentle, dismissible invitation to sync; Domus works fully without an account. */
export function LocalOnlyPrompt() {
  const hidden = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(KEY) === "1",
    () => true,
  );
  if (hidden) return null;
  return (
    <aside className={styles.prompt} aria-label="Sync with your household">
      <p>
        <strong>Everything stays on this device.</strong>{" "}
        <Link href="/signup">Sign up to sync with your household</Link> and your other devices, or{" "}
        <Link href="/signin">sign in</Link>.
      </p>
      <button
        type="button"
        className={`btn btn-ghost btn-icon ${styles.close}`}
        aria-label="Hide this suggestion"
        onClick={() => {
          window.localStorage.setItem(KEY, "1");
          for (const l of listeners) l();
        }}
      >
        <CloseIcon size={18} />
      </button>
    </aside>
  );
}
