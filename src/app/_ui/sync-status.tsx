"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { fullTime, plural, relativeTime, useNow } from "../_lib/format";
import { NOTHING_HELD, isCalm, shownSyncState } from "../_lib/held-sync-state";
import type { SyncProgress, SyncState } from "@/client";
import { AlertIcon, SyncIcon } from "./icons";
import styles from "./shell.module.css";

type Tone = "ok" | "busy" | "warn" | "error" | "local";

/** 0..1 through the current phase, or null when there is nothing to measure yet. */
export function progressFraction(p: SyncProgress | null): number | null {
  if (!p) return null;
  if (p.phase === "push") return p.total > 0 ? Math.min(1, p.sent / p.total) : null;
  const all = p.received + p.remaining;
  return all > 0 ? Math.min(1, p.received / all) : null;
}

function syncingLabel(p: SyncProgress | null): string {
  const f = progressFraction(p);
  if (!p || f === null) return "Syncing…";
  return `${p.phase === "push" ? "Sending" : "Receiving"} ${Math.round(f * 100)}%`;
}

function describe(s: SyncState): { label: string; tone: Tone } {
  switch (s.status) {
    case "local-only":
      return { label: "Local only", tone: "local" };
    case "syncing":
      return { label: syncingLabel(s.progress), tone: "busy" };
    case "offline":
      return { label: s.pending > 0 ? `Offline · ${s.pending} waiting` : "Offline", tone: "warn" };
    case "unauthorized":
      return { label: "Signed out", tone: "error" };
    case "upgrade-required":
      return { label: s.pending > 0 ? `Update ready · ${s.pending} waiting` : "Update ready", tone: "warn" };
    case "error":
      return { label: s.pending > 0 ? `Sync failed · ${s.pending} waiting` : "Sync failed", tone: "error" };
    default:
      if (s.pending > 0) return { label: `${plural(s.pending, "change")} waiting`, tone: "warn" };
      if (s.live) return { label: "Live", tone: "ok" };
      return { label: s.lastSyncAt ? "Synced" : "Not synced yet", tone: "ok" };
  }
}

/**
 * The state to show: a wait or a sync that a calm state passes through is held back for a moment
 * (held-sync-state.ts), unless the user asked for the sync.
 */
function useShownSyncState(live: SyncState, asked: boolean): SyncState {
  const held = useRef(NOTHING_HELD);
  const [, wake] = useState(0);
  const shown = shownSyncState(live, held.current, Date.now(), asked);
  useEffect(() => {
    held.current = shown.held;
    if (shown.wakeAt === null) return;
    const timer = setTimeout(() => wake((n) => n + 1), Math.max(0, shown.wakeAt - Date.now()));
    return () => clearTimeout(timer);
  });
  return shown.state;
}

/** Always-visible sync indicator: state, last sync time, progress and unresolved conflicts. */
export function SyncStatus({ state: live, onSync, known }: { state: SyncState; onSync: () => void; known: boolean }) {
  const now = useNow();
  // Pressing "Sync now" shows the sync at once, until a sync has ended after the press.
  const [askedAt, setAskedAt] = useState<number | null>(null);
  const answered =
    askedAt !== null && isCalm(live) && live.lastSyncAt !== null && Date.parse(live.lastSyncAt) >= askedAt;
  useEffect(() => {
    if (answered) setAskedAt(null);
  }, [answered]);
  const state = useShownSyncState(live, askedAt !== null && !answered);
  // Before the browser says who is signed in (the prerendered page), claim nothing.
  if (!known) return <div className={styles.sync} role="status" aria-live="polite" />;
  const { label, tone } = describe(state);
  const fraction = state.status === "syncing" ? progressFraction(state.progress) : null;
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
        {fraction !== null ? (
          <progress className={styles.progress} max={1} value={fraction} aria-label="Sync progress" />
        ) : null}
      </div>
      {state.conflicts > 0 ? (
        <Link href="/conflicts" className={styles.conflicts} title="Review conflicts">
          <AlertIcon size={16} />
          {state.conflicts}
          <span className={styles.conflictsWord}> {state.conflicts === 1 ? "conflict" : "conflicts"}</span>
        </Link>
      ) : null}
      {state.status === "local-only" ? (
        <Link href="/signup" className={`btn btn-primary ${styles.syncBtn}`}>
          Sign up
        </Link>
      ) : state.status === "upgrade-required" ? (
        <button type="button" className={`btn btn-primary ${styles.syncBtn}`} onClick={() => window.location.reload()}>
          Reload
        </button>
      ) : state.status === "unauthorized" ? (
        <Link href="/signin" className={`btn btn-primary ${styles.syncBtn}`}>
          Sign in
        </Link>
      ) : (
        <button
          type="button"
          className={`btn ${styles.syncBtn}`}
          onClick={() => {
            setAskedAt(Date.now());
            onSync();
          }}
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
