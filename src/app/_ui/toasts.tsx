"use client";

import { useEffect, useSyncExternalStore } from "react";
import { CloseIcon } from "./icons";
import styles from "./toasts.module.css";

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}
interface Toast {
  id: number;
  message: string;
  action?: ToastAction | undefined;
  tone: "info" | "error";
}

const DURATION_MS = 7000;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(next: readonly Toast[]) {
  toasts = next;
  for (const l of listeners) l();
}

/** Shows a short message, optionally with one action (Undo). The newest three stay on screen. */
export function showToast(message: string, options: { action?: ToastAction; tone?: "info" | "error" } = {}): void {
  const toast: Toast = { id: nextId++, message, action: options.action, tone: options.tone ?? "info" };
  emit([...toasts.slice(-2), toast]);
}

export function dismissToast(id: number): void {
  emit(toasts.filter((t) => t.id !== id));
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: readonly Toast[] = [];

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = window.setTimeout(() => dismissToast(toast.id), DURATION_MS);
    return () => window.clearTimeout(timer);
  }, [toast.id]);
  return (
    <li className={`${styles.toast} ${toast.tone === "error" ? styles.error : ""}`}>
      <span className={styles.message}>{toast.message}</span>
      {toast.action ? (
        <button
          type="button"
          className={styles.action}
          onClick={() => {
            dismissToast(toast.id);
            void toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className={styles.close} aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
        <CloseIcon size={18} />
      </button>
    </li>
  );
}

export function Toasts() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  return (
    <section aria-label="Notifications" aria-live="polite" className={styles.region}>
      <ul className={styles.list}>
        {list.map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </ul>
    </section>
  );
}
