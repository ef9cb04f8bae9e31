"use client";

import type { HouseholdResponse } from "@/core/protocol";
import Link from "next/link";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, errorMessage } from "../../_lib/api";
import { useDomus } from "../../_lib/domus-provider";
import { useMembers } from "../../_lib/use-members";
import { usePresence } from "../../_lib/use-presence";
import { PageHeader } from "../../_ui/empty-state";
import { FormAlert, TextField } from "../../_ui/form";
import settings from "../settings/settings.module.css";
import styles from "./household.module.css";
import { HouseholdDialog, type Pending } from "./household-dialogs";
import { InvitesSection } from "./invites-section";
import { MemberRow } from "./member-row";
import { HOUSEHOLD_NAME_MAX } from "@/core/account-protocol";

export default function HouseholdPage() {
  const { session, syncNow } = useDomus();
  const cachedMembers = useMembers();
  const presence = usePresence(Boolean(session));
  const [household, setHousehold] = useState<HouseholdResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState("");

  const householdId = session?.household.id;
  const load = useCallback(() => {
    if (!householdId) return;
    api.household().then(
      (h) => {
        setHousehold(h);
        setName(h.household.name);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [householdId]);
  useEffect(load, [load]);

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      if (pending.kind === "remove") {
        setHousehold(await api.removeMember(pending.member.id));
        setStatus(`${pending.member.name} was removed.`);
      } else if (pending.kind === "owner") {
        setHousehold(await api.transferOwnership(pending.member.id));
        setStatus(`${pending.member.name} is now the owner.`);
      } else {
        await api.leaveHousehold();
        // The sync's household_changed answer drops the old data and says so.
        syncNow();
      }
      setPending(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function rename(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setHousehold(await api.renameHousehold(name.trim()));
      setStatus("Household renamed.");
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (session === null) {
    return (
      <>
        <PageHeader title="Household" />
        <section className={`card ${settings.section}`}>
          <p>
            Domus is only on this device for now. Sign up to create a household and invite the people you live with.
          </p>
          <div className={settings.actions}>
            <Link href="/signup" className="btn btn-primary">
              Sign up
            </Link>
          </div>
        </section>
      </>
    );
  }

  const members = household?.members ?? cachedMembers;
  const householdName = household?.household.name ?? session?.household.name ?? "your household";
  const isOwner = household?.role === "owner";
  return (
    <>
      <PageHeader
        title={household?.household.name ?? session?.household.name ?? "Household"}
        summary="Your household"
      />
      <FormAlert message={error} />
      <p role="status" aria-live="polite" className="small">
        {status}
      </p>
      <section className={`card ${settings.section}`} aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ul className={styles.members}>
          {members.map((m) => (
            <MemberRow
              key={m.id}
              member={m}
              isYou={m.id === session?.user.id}
              isOwner={household?.ownerId === m.id}
              canManage={isOwner}
              busy={busy}
              online={presence?.get(m.id)}
              onMakeOwner={() => setPending({ kind: "owner", member: m })}
              onRemove={() => setPending({ kind: "remove", member: m })}
            />
          ))}
        </ul>
        {household && !isOwner ? (
          <p className="muted small">Only the owner can rename the household, invite or remove people.</p>
        ) : null}
      </section>
      {isOwner ? (
        <section className={`card ${settings.section}`} aria-labelledby="rename-heading">
          <h2 id="rename-heading">Name</h2>
          <form onSubmit={rename} noValidate className="stack">
            <TextField
              label="Household name"
              value={name}
              maxLength={HOUSEHOLD_NAME_MAX}
              onChange={(e) => setName(e.target.value)}
            />
            <div className={settings.actions}>
              <button type="submit" className="btn" disabled={!name.trim() || name.trim() === householdName}>
                Rename
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {isOwner ? <InvitesSection householdName={householdName} /> : null}
      {household ? (
        <section className={`card ${settings.section}`} aria-labelledby="leave-heading">
          <h2 id="leave-heading">Leave</h2>
          <p className="muted">
            {members.length > 1
              ? `Leave ${householdName} for a new household of your own.${isOwner ? " The longest-standing member becomes the owner." : ""}`
              : `You are the only member: leaving deletes ${householdName} and everything in it.`}
          </p>
          <div className={settings.actions}>
            <button type="button" className="btn btn-danger" onClick={() => setPending({ kind: "leave" })}>
              Leave {householdName}
            </button>
          </div>
        </section>
      ) : null}
      <HouseholdDialog
        pending={pending}
        householdName={householdName}
        busy={busy}
        onCancel={() => setPending(null)}
        onConfirm={() => void confirm()}
      />
    </>
  );
}
