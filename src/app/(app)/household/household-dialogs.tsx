"use client";

import type { PublicUser } from "@/core/protocol";
import { Dialog } from "../../_ui/dialog";

export type Pending = { kind: "remove" | "owner"; member: PublicUser } | { kind: "leave" } | null;

/** Confirms removing a member, handing over ownership, or leaving: each says what will happen. */
export function HouseholdDialog(props: {
  pending: Pending;
  householdName: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { pending, householdName } = props;
  if (!pending) return null;
  const text =
    pending.kind === "remove"
      ? {
          title: `Remove ${pending.member.name}?`,
          body: `${pending.member.name} leaves ${householdName} at once and gets a new empty household of their own. Their devices drop ${householdName}'s tasks, shopping and notes when they next sync.`,
          confirm: "Remove",
        }
      : pending.kind === "owner"
        ? {
            title: `Make ${pending.member.name} the owner?`,
            body: `${pending.member.name} will be able to rename ${householdName}, invite and remove people. You stay a member and can no longer do those things.`,
            confirm: "Hand over",
          }
        : {
            title: `Leave ${householdName}?`,
            body: `You get a new empty household of your own; your preferences come with you. ${householdName}'s tasks, shopping and notes are removed from your devices. If you are the last member, ${householdName} and everything in it is deleted.`,
            confirm: "Leave",
          };
  return (
    <Dialog
      open
      title={text.title}
      onClose={props.onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
            Cancel
          </button>
          <button
            type="button"
            className={pending.kind === "owner" ? "btn btn-primary" : "btn btn-danger-solid"}
            onClick={props.onConfirm}
            disabled={props.busy}
          >
            {props.busy ? "Working…" : text.confirm}
          </button>
        </>
      }
    >
      <p>{text.body}</p>
    </Dialog>
  );
}
