"use client";

import type { InviteResponse } from "@/core/protocol";
import { useState } from "react";
import { fullTime } from "../../_lib/format";
import { CopyIcon, ShareIcon } from "../../_ui/icons";
import styles from "./household.module.css";

function inviteLink(code: string): string {
  return `${window.location.origin}/join/${encodeURIComponent(code)}`;
}

function expiresIn(iso: string): string {
  const ms = Date.parse(iso) - Date.now();
  const hours = Math.round(ms / 3_600_000);
  if (hours < 1) return "in less than an hour";
  if (hours < 48) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  return `in ${Math.round(hours / 24)} days`;
}

/** A fresh invite: the code large and copyable, a share link, and when it stops working. */
export function InviteCard({ invite }: { invite: InviteResponse }) {
  const [copied, setCopied] = useState<"code" | "link" | null>(null);
  const link = inviteLink(invite.code);

  async function copy(what: "code" | "link") {
    try {
      await navigator.clipboard.writeText(what === "code" ? invite.code : link);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  }

  async function share() {
    try {
      await navigator.share({ title: "Join our household on Domus", text: `Invite code: ${invite.code}`, url: link });
    } catch {
      // Cancelled or unsupported: the link is on screen to copy.
    }
  }

  const canShare = typeof navigator !== "undefined" && typeof navigator.share === "function";
  return (
    <div className={styles.invite}>
      <p className={styles.inviteLabel} id="invite-code-label">
        Invite code
      </p>
      <p className={styles.code} aria-labelledby="invite-code-label">
        {invite.code}
      </p>
      <p className="hint">
        Works once, expires {expiresIn(invite.expiresAt)} ({fullTime(invite.expiresAt)}).
      </p>
      <div className={styles.inviteActions}>
        <button type="button" className="btn btn-primary" onClick={() => void copy("code")}>
          <CopyIcon size={18} />
          Copy code
        </button>
        {canShare ? (
          <button type="button" className="btn" onClick={() => void share()}>
            <ShareIcon size={18} />
            Share link
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => void copy("link")}>
            <CopyIcon size={18} />
            Copy link
          </button>
        )}
      </div>
      <p className={styles.link}>
        <span className="muted">Or send this link: </span>
        <a href={link}>{link}</a>
      </p>
      <p role="status" className="small" aria-live="polite">
        {copied === "code" ? "Code copied." : copied === "link" ? "Link copied." : ""}
      </p>
    </div>
  );
}
