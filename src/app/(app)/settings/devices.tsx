"use client";

import type { DeviceInfo } from "@/core/account-protocol";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../_lib/api";
import { fullTime } from "../../_lib/format";
import { FormAlert } from "../../_ui/form";
import styles from "./settings.module.css";

/** The account's signed-in devices: sign out any one, or every other one. */
export function Devices() {
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(() => {
    api.devices().then(
      (d) => setDevices(d.devices),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  async function run(key: string, action: () => Promise<{ signedOut: number }>, done: string) {
    setBusy(key);
    setError(null);
    try {
      await action();
      setStatus(done);
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const others = devices?.filter((d) => !d.current) ?? [];
  return (
    <section className={`card ${styles.section}`} aria-labelledby="devices-heading">
      <h2 id="devices-heading">Devices</h2>
      <FormAlert message={error} />
      {devices === null && !error ? <p className="muted">Loading your devices…</p> : null}
      {devices ? (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Signed-in devices">
          {devices.map((d) => (
            <li key={d.sid} className="row" style={{ justifyContent: "space-between", gap: 12, flexWrap: "wrap" }}>
              <span className="stack" style={{ gap: 2 }}>
                <strong>
                  {d.label}
                  {d.current ? <span className="muted"> (this device)</span> : null}
                </strong>
                <span className="small muted">
                  Signed in {fullTime(d.createdAt)} · last seen {fullTime(d.lastSeenAt)}
                </span>
              </span>
              {d.current ? null : (
                <button
                  type="button"
                  className="btn"
                  disabled={busy !== null}
                  aria-label={`Sign out ${d.label}, signed in ${fullTime(d.createdAt)}`}
                  onClick={() => void run(d.sid, () => api.revokeDevice(d.sid), `${d.label} was signed out.`)}
                >
                  {busy === d.sid ? "Signing out…" : "Sign out"}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <div className={styles.actions}>
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy !== null}
            onClick={() => void run("others", () => api.revokeOtherDevices(), "Every other device was signed out.")}
          >
            {busy === "others" ? "Signing out…" : "Sign out all other devices"}
          </button>
        </div>
      ) : devices ? (
        <p className="muted small">No other device is signed in.</p>
      ) : null}
      <p role="status" aria-live="polite" className="small">
        {status}
      </p>
    </section>
  );
}
