"use client";

import type { PublicUser } from "@/core/protocol";
import styles from "./household.module.css";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? "")
    .join("");
}

/** One member; the owner sees "Make owner" and "Remove" beside everyone else. */
export function MemberRow(props: {
  member: PublicUser;
  isYou: boolean;
  isOwner: boolean;
  canManage: boolean;
  busy: boolean;
  /** Devices of this member connected now (the household hub's sockets), 0 or undefined if none. */
  online?: number | undefined;
  onMakeOwner: () => void;
  onRemove: () => void;
}) {
  const { member: m } = props;
  return (
    <li className={styles.member} style={{ flexWrap: "wrap" }}>
      <span className={styles.avatar} aria-hidden="true">
        {initials(m.name)}
      </span>
      <span className={styles.who} style={{ flex: 1 }}>
        <span className={styles.name}>
          {m.name}
          {props.isYou ? <span className="muted"> (you)</span> : null}
          {props.isOwner ? <span className="muted"> · owner</span> : null}
        </span>
        <span className={styles.email}>{m.email}</span>
        {props.online ? (
          <span className={styles.online}>
            <span className={styles.onlineDot} aria-hidden="true" />
            Online now{props.online > 1 ? ` on ${props.online} devices` : ""}
          </span>
        ) : null}
      </span>
      {props.canManage && !props.isYou ? (
        // On their own line under the person, so long names never run into them on a phone.
        <span className="row" style={{ gap: 8, flexWrap: "wrap", flexBasis: "100%", paddingLeft: 52 }}>
          <button
            type="button"
            className="btn btn-ghost"
            disabled={props.busy}
            aria-label={`Make ${m.name} the owner`}
            onClick={props.onMakeOwner}
          >
            Make owner
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={props.busy}
            aria-label={`Remove ${m.name}`}
            onClick={props.onRemove}
          >
            Remove
          </button>
        </span>
      ) : null}
    </li>
  );
}
