"use client";

import { getMeta, registerPeriodicSync, type PeriodicSyncSupport, type TableName } from "@/client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { StatusResponse } from "@/core/protocol";
import { api } from "../../_lib/api";
import { useDomus, useSyncState } from "../../_lib/domus-provider";
import { fullTime, plural, relativeTime, useNow } from "../../_lib/format";
import { useRows } from "../../_lib/use-rows";
import styles from "./settings.module.css";

const TABLE_LABELS: Record<TableName, string> = {
  tasks: "Tasks",
  taskCompletions: "Chores done",
  shoppingItems: "Shopping",
  shoppingLists: "Shopping lists",
  shoppingCategories: "Store order",
  notes: "Notes",
  preferences: "Preferences",
};
const INTERVALS = [
  { ms: 30_000, label: "Every 30 seconds" },
  { ms: 60_000, label: "Every minute" },
  { ms: 5 * 60_000, label: "Every 5 minutes" },
  { ms: 15 * 60_000, label: "Every 15 minutes" },
];

function When({ iso, now }: { iso: string | null | undefined; now: number }) {
  if (!iso) return <span className="muted">Never</span>;
  return (
    <time dateTime={iso} title={fullTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** "1,234 of 100,000 items · 2.1 MB of 50 MB": the household's use of its quota. */
function storageLine(u: NonNullable<StatusResponse["usage"]>): string {
  return `${u.rows.toLocaleString("en")} of ${u.maxRows.toLocaleString("en")} items · ${megabytes(u.bytes)} of ${megabytes(u.maxBytes)}`;
}

export function SyncSettings() {
  const { settings, updateSettings, syncNow, session } = useDomus();
  const sync = useSyncState();
  const now = useNow();
  const times = useRows((db) => getMeta(db, "tableSync"));
  const [server, setServer] = useState<StatusResponse | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [periodic, setPeriodic] = useState<PeriodicSyncSupport | null>(null);
  const autoSync = settings?.autoSync ?? false;
  useEffect(() => {
    let live = true;
    registerPeriodicSync(autoSync).then(
      (s) => live && setPeriodic(s),
      () => live && setPeriodic("unsupported"),
    );
    return () => {
      live = false;
    };
  }, [autoSync]);

  // The server's view of this account's sync, refreshed after each sync completes.
  const lastSyncAt = sync.lastSyncAt;
  useEffect(() => {
    if (!session) return;
    let live = true;
    api.syncStatus().then(
      (s) => {
        if (!live) return;
        setServer(s);
        setServerError(null);
      },
      (err: unknown) => {
        if (live) setServerError(err instanceof Error ? err.message : "Unavailable");
      },
    );
    return () => {
      live = false;
    };
  }, [session, lastSyncAt]);

  const intervals =
    settings && !INTERVALS.some((i) => i.ms === settings.intervalMs)
      ? [...INTERVALS, { ms: settings.intervalMs, label: `Every ${Math.round(settings.intervalMs / 1000)} seconds` }]
      : INTERVALS;
  const tables = Object.keys(TABLE_LABELS) as TableName[];

  return (
    <section className={`card ${styles.section}`} aria-labelledby="sync-heading">
      <div className={styles.sectionHead}>
        <h2 id="sync-heading">Sync</h2>
        <button type="button" className="btn" onClick={syncNow} disabled={sync.status === "syncing"}>
          {sync.status === "syncing" ? "Syncing…" : "Sync now"}
        </button>
      </div>
      <dl className={styles.facts}>
        <dt>Last sync</dt>
        <dd>
          <When iso={sync.lastSyncAt} now={now} />
        </dd>
        <dt>Waiting to send</dt>
        <dd>{sync.pending === 0 ? "Nothing" : plural(sync.pending, "change")}</dd>
        {sync.rejected > 0 ? (
          <>
            <dt>Refused by the server</dt>
            <dd className={styles.warnText}>{plural(sync.rejected, "change")} (edit them to try again)</dd>
          </>
        ) : null}
        <dt>Conflicts</dt>
        <dd>{sync.conflicts === 0 ? "None" : <Link href="/conflicts">{plural(sync.conflicts, "to review")}</Link>}</dd>
        {server?.usage ? (
          <>
            <dt>Household storage</dt>
            <dd>
              {storageLine(server.usage)}
              {server.usage.rows >= server.usage.maxRows || server.usage.bytes >= server.usage.maxBytes ? (
                <span className={styles.warnText}> · full: new items are refused until you delete some</span>
              ) : null}
            </dd>
          </>
        ) : null}
        {sync.error ? (
          <>
            <dt>Problem</dt>
            <dd className={styles.warnText}>{sync.error}</dd>
          </>
        ) : null}
      </dl>

      <div className={styles.switchRow}>
        <label htmlFor="auto-sync">Sync automatically</label>
        <input
          id="auto-sync"
          type="checkbox"
          role="switch"
          className={styles.switch}
          checked={settings?.autoSync ?? false}
          disabled={!settings}
          aria-describedby="auto-sync-hint"
          onChange={(e) => void updateSettings({ autoSync: e.target.checked })}
        />
      </div>
      <p id="auto-sync-hint" className="hint" style={{ marginTop: -10 }}>
        After each change, when you come back online, and on a schedule. Off: only when you press Sync now.
      </p>
      <div className={styles.switchRow}>
        <label htmlFor="live-sync">Live updates</label>
        <input
          id="live-sync"
          type="checkbox"
          role="switch"
          className={styles.switch}
          checked={settings?.live ?? false}
          disabled={!settings?.autoSync}
          aria-describedby="live-sync-hint"
          onChange={(e) => void updateSettings({ live: e.target.checked })}
        />
      </div>
      <p id="live-sync-hint" className="hint" style={{ marginTop: -10 }}>
        {sync.live ? "Connected: " : ""}
        Changes from other devices appear within a second while Domus is open. Off: they arrive on the schedule below.
      </p>
      <div className="field">
        <label htmlFor="sync-interval">How often</label>
        <select
          id="sync-interval"
          className="select"
          value={settings?.intervalMs ?? 60_000}
          disabled={!settings?.autoSync}
          onChange={(e) => void updateSettings({ intervalMs: Number(e.target.value) })}
        >
          {intervals.map((i) => (
            <option key={i.ms} value={i.ms}>
              {i.label}
            </option>
          ))}
        </select>
      </div>

      <h3>By list</h3>
      {/* Scrolls sideways on phones: focusable and named, so a keyboard can scroll it too. */}
      <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Sync by list">
        <table className={styles.table}>
          <caption className="visually-hidden">
            Last push and pull of each list, on this device and on the server
          </caption>
          <thead>
            <tr>
              <th scope="col">List</th>
              <th scope="col">Sent</th>
              <th scope="col">Received</th>
              <th scope="col">Server</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => {
              const remote = server?.tables[t];
              return (
                <tr key={t}>
                  <th scope="row">{TABLE_LABELS[t]}</th>
                  <td>
                    <When iso={times?.[t]?.lastPushAt} now={now} />
                  </td>
                  <td>
                    <When iso={times?.[t]?.lastPullAt} now={now} />
                  </td>
                  <td>
                    {remote ? (
                      <>
                        <When iso={remote.lastSyncAt} now={now} />
                        {remote.conflictCount > 0 ? (
                          <span className="muted"> · {plural(remote.conflictCount, "conflict")} so far</span>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{serverError ? "Unavailable" : "…"}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="hint" id="closed-app-hint">
        {periodic === "registered"
          ? "While Domus is closed, this device refreshes your lists now and then, so they are fresh when you open it."
          : periodic === "not-installed"
            ? "Install Domus as an app to have your lists refreshed while it is closed; until then they refresh when the app opens."
            : "Your lists refresh when the app opens."}
      </p>
      <p className="hint">
        Sent and Received are this device&apos;s last successful push and pull; Server is the last sync the server
        recorded for your account on any device.
      </p>
    </section>
  );
}
