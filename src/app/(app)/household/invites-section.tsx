"use client";

import type { InviteInfo } from "@/core/account-protocol";
import type { InviteResponse } from "@/core/protocol";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "../../_lib/api";
import { fullTime } from "../../_lib/format";
import { FormAlert, TextField } from "../../_ui/form";
import { PlusIcon } from "../../_ui/icons";
import settings from "../settings/settings.module.css";
import { InviteCard } from "./invite-card";

/** Owner only: pending invites (who made them, when they expire), revoke, new code, invite by email. */
export function InvitesSection({ householdName }: { householdName: string }) {
  const [invites, setInvites] = useState<InviteInfo[] | null>(null);
  const [fresh, setFresh] = useState<InviteResponse | null>(null);
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    api.invites().then(
      (r) => setInvites(r.invites),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  async function act(key: string, action: () => Promise<void>) {
    setBusy(key);
    setError(null);
    setStatus(null);
    try {
      await action();
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function sendByEmail(e: FormEvent) {
    e.preventDefault();
    setEmailError(undefined);
    await act("email", async () => {
      try {
        await api.createInvite(email.trim());
      } catch (err) {
        if (err instanceof ApiError && err.fields.email) {
          setEmailError(err.fields.email);
          return;
        }
        throw err;
      }
      setStatus(`Invite sent to ${email.trim()}.`);
      setEmail("");
    });
  }

  return (
    <section className={`card ${settings.section}`} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p className="muted">
        They open the link (or sign up with the code) and join {householdName}: same tasks, same shopping list, same
        notes. Each invite works once.
      </p>
      <FormAlert message={error} />
      <form onSubmit={sendByEmail} noValidate className="stack">
        <TextField
          label="Invite by email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={emailError}
        />
        <div className={settings.actions}>
          <button type="submit" className="btn btn-primary" disabled={busy !== null || !email.trim()}>
            {busy === "email" ? "Sending…" : "Send invite"}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => void act("code", async () => setFresh(await api.createInvite()))}
          >
            <PlusIcon size={20} />
            {busy === "code" ? "Creating…" : "Invite someone"}
          </button>
        </div>
      </form>
      <p role="status" aria-live="polite" className="small">
        {status}
      </p>
      {fresh ? <InviteCard invite={fresh} /> : null}
      <h3 id="pending-heading">Pending invites</h3>
      {invites === null && !error ? <p className="muted">Loading…</p> : null}
      {invites?.length === 0 ? <p className="muted">No pending invites.</p> : null}
      {invites && invites.length > 0 ? (
        <ul aria-labelledby="pending-heading" className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {invites.map((i) => (
            <li key={i.code} className="row" style={{ justifyContent: "space-between", gap: 12, flexWrap: "wrap" }}>
              <span className="stack" style={{ gap: 2 }}>
                <strong style={{ fontFamily: "var(--font-mono, monospace)" }}>{i.code}</strong>
                <span className="small muted">
                  {i.email ? `Sent to ${i.email} · ` : ""}by {i.createdBy.name ?? "a former member"} · expires{" "}
                  {fullTime(i.expiresAt)}
                </span>
              </span>
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy !== null}
                aria-label={`Revoke invite ${i.code}`}
                onClick={() =>
                  void act(i.code, async () => {
                    await api.revokeInvite(i.code);
                    if (fresh?.code === i.code) setFresh(null);
                    setStatus(`Invite ${i.code} revoked: it no longer works.`);
                  })
                }
              >
                {busy === i.code ? "Revoking…" : "Revoke"}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
