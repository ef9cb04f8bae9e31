"use client";

import type { ConflictRecord, ConflictSide } from "@/client";
import type { PublicUser } from "@/core/protocol";
import { fullTime, relativeTime } from "../../_lib/format";
import { describeValue, fieldLabel } from "./describe";
import styles from "./conflicts.module.css";

interface Props {
  conflict: ConflictRecord;
  members: readonly PublicUser[];
  meId: string | null;
  now: number;
  onResolve: (conflict: ConflictRecord, choice: "mine" | "theirs") => void;
}

function Side({
  kind,
  side,
  field,
  members,
  meId,
  now,
}: { kind: "mine" | "theirs"; side: ConflictSide } & Omit<Props, "conflict" | "onResolve"> & { field: string }) {
  const who = kind === "mine" ? "You, on this device" : whoChanged(side.by, members, meId);
  return (
    <div className={`${styles.side} ${kind === "mine" ? styles.mine : styles.theirs}`}>
      <p className={styles.sideLabel}>{kind === "mine" ? "Your change (not kept)" : "Kept (theirs)"}</p>
      <p className={styles.value}>{describeValue(field, side.value, members)}</p>
      <p className={styles.by}>
        {who} ·{" "}
        <time dateTime={side.ts} title={fullTime(side.ts)}>
          {relativeTime(side.ts, now)}
        </time>
      </p>
    </div>
  );
}

/**
 * Who made the winning change, as the server recorded it (protocol 3): "Sam changed this", or "You,
 * on another device" for the user's own. Changes stored before the server kept writers have no
 * name: they came from another device, possibly the user's own (never claim it was someone else).
 */
export function whoChanged(by: string | null, members: readonly PublicUser[], meId: string | null): string {
  if (!by) return "Another device";
  if (by === meId) return "You, on another device";
  // Not in the list: a member who has left, or the list is not loaded yet (offline).
  const name = members.find((m) => m.id === by)?.name;
  return name ? `${name} changed this` : "Another member changed this";
}

/** One field a local change lost: my value beside theirs, and the two ways out. */
export function ConflictField({ conflict, members, meId, now, onResolve }: Props) {
  const label = fieldLabel(conflict.table, conflict.field);
  return (
    <li className={styles.field}>
      <h4 className={styles.fieldName}>{label}</h4>
      <div className={styles.sides}>
        <Side kind="mine" side={conflict.mine} field={conflict.field} members={members} meId={meId} now={now} />
        <Side kind="theirs" side={conflict.theirs} field={conflict.field} members={members} meId={meId} now={now} />
      </div>
      <div className={styles.choices}>
        <button type="button" className="btn" onClick={() => onResolve(conflict, "theirs")}>
          Keep theirs<span className="visually-hidden"> for {label}</span>
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onResolve(conflict, "mine")}>
          Restore mine<span className="visually-hidden"> for {label}</span>
        </button>
      </div>
    </li>
  );
}
