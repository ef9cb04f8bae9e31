"use client";

import type { HouseholdResponse, InviteResponse } from "@/core/protocol";
import Link from "next/link";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../../_lib/api";
import { useDomus } from "../../_lib/domus-provider";
import { useMembers } from "../../_lib/use-members";
import { usePresence } from "../../_lib/use-presence";
import { PageHeader } from "../../_ui/empty-state";
import { FormAlert } from "../../_ui/form";
import { PlusIcon } from "../../_ui/icons";
import settings from "../settings/settings.module.css";
import styles from "./household.module.css";
import { InviteCard } from "./invite-card";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? "")
    .join("");
}

export default function HouseholdPage() {
  const { session } = useDomus();
  const cachedMembers = useMembers();
  const presence = usePresence(Boolean(session));
  const [household, setHousehold] = useState<HouseholdResponse | null>(null);
  const [invite, setInvite] = useState<InviteResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!session) return;
    api.household().then(setHousehold, (err: unknown) => setError(errorMessage(err)));
  }, [session]);

  async function createInvite() {
    setBusy(true);
    setError(null);
    try {
      setInvite(await api.createInvite());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
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
  return (
    <>
      <PageHeader
        title={household?.household.name ?? session?.household.name ?? "Household"}
        summary="Your household"
      />
      <FormAlert message={error} />
      <section className={`card ${settings.section}`} aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ul className={styles.members}>
          {members.map((m) => (
            <li key={m.id} className={styles.member}>
              <span className={styles.avatar} aria-hidden="true">
                {initials(m.name)}
              </span>
              <span className={styles.who}>
                <span className={styles.name}>
                  {m.name}
                  {m.id === session?.user.id ? <span className="muted"> (you)</span> : null}
                </span>
                <span className={styles.email}>{m.email}</span>
                {presence?.get(m.id) ? (
                  <span className={styles.online}>
                    <span className={styles.onlineDot} aria-hidden="true" />
                    Online now{(presence.get(m.id) ?? 0) > 1 ? ` on ${presence.get(m.id)} devices` : ""}
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className={`card ${settings.section}`} aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p className="muted">
          They sign up with the code (or open the link) and join {session?.household.name ?? "your household"}: same
          tasks, same shopping list, same notes.
        </p>
        {invite ? <InviteCard invite={invite} /> : null}
        <div className={settings.actions}>
          <button
            type="button"
            className={`btn ${invite ? "" : "btn-primary"}`}
            onClick={() => void createInvite()}
            disabled={busy}
          >
            <PlusIcon size={20} />
            {busy ? "Creating…" : invite ? "Create another code" : "Invite someone"}
          </button>
        </div>
      </section>
    </>
  );
}
