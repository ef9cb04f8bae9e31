"use client";

import Link from "next/link";
import { fullTime, plural, relativeTime, useNow } from "../_lib/format";
import type { SyncView } from "../_lib/sync-view";
import { SyncIcon } from "./icons";
import styles from "./shell.module.css";

type Tone = "ok" | "busy" | "warn" | "error" | "local";

function describe(s: SyncView): { label: string; tone: Tone } {
  switch (s.status) {
    case "local-only":
      return { label: "On this device only", tone: "local" };
    case "syncing":
      return { label: s.progress === null ? "Syncing…" : `Syncing… ${Math.round(s.progress * 100)}%`, tone: "busy" };
    case "offline":
      return { label: s.pending > 0 ? `Offline · ${s.pending} waiting` : "Offline", tone: "warn" };
    case "unauthorized":
      return { label: "Signed out", tone: "error" };
    case "error":
      return { label: s.pending > 0 ? `Sync failed · ${s.pending} waiting` : "Sync failed", tone: "error" };
    default:
      if (s.pending > 0) return { label: `${plural(s.pending, "change")} waiting`, tone: "warn" };
      return { label: s.lastSyncAt ? "Synced" : "Not synced yet", tone: "ok" };
  }
}

/** Always-visible sync indicator: state, last sync time, progress and unresolved conflicts. */
export function SyncStatus({ state, onSync }: { state: SyncView; onSync: () => void }) {
  const now = useNow();
  const { label, tone } = describe(state);
  const showTime = state.status !== "local-only" && state.status !== "syncing" && state.lastSyncAt !== null;
  return (
    <div className={styles.sync}>
      <div className={styles.syncText}>
        <p role="status" aria-live="polite" className={`${styles.pill} ${styles[tone]}`}>
          <span className={styles.dot} aria-hidden="true" />
          <span>{label}</span>
        </p>
        {showTime ? (
          <p className={styles.syncTime} title={`Last synced ${fullTime(state.lastSyncAt)}`}>
            <span className="visually-hidden">Last synced </span>
            <time dateTime={state.lastSyncAt ?? undefined}>{relativeTime(state.lastSyncAt, now)}</time>
          </p>
        ) : null}
        {state.status === "syncing" && state.progress !== null ? (
          <progress
            className={styles.progress}
            max={1}
            value={state.progress}
            aria-label="Sync progress"
          />
        ) : null}
      </div>
      {state.conflicts > 0 ? (
        <Link href="/conflicts" className={styles.conflicts}>
          {plural(state.conflicts, "conflict")}
        </Link>
      ) : null}
      {state.status === "local-only" ? (
        <Link href="/signup" className={`btn btn-primary ${styles.syncBtn}`}>
          Sign up
        </Link>
      ) : state.status === "unauthorized" ? (
        <Link href="/signin" className={`btn btn-primary ${styles.syncBtn}`}>
          Sign in
        </Link>
      ) : (
        <button
          type="button"
          className={`btn ${styles.syncBtn}`}
          onClick={onSync}
          disabled={state.status === "syncing"}
          aria-label="Sync now"
          title="Sync now"
        >
          <SyncIcon size={20} className={state.status === "syncing" ? styles.spin : undefined} />
          <span className={styles.syncBtnLabel}>Sync now</span>
        </button>
      )}
    </div>
  );
}
