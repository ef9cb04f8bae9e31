"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useDomus, useSyncState } from "../../_lib/domus-provider";
import { plural } from "../../_lib/format";
import { Dialog } from "../../_ui/dialog";

export function SignOutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const { signOut } = useDomus();
  const sync = useSyncState();
  const [busy, setBusy] = useState<"keep" | "remove" | null>(null);

  async function run(keepData: boolean) {
    setBusy(keepData ? "keep" : "remove");
    await signOut({ keepData });
    setBusy(null);
    onClose();
    router.push("/");
  }

  const unsynced = sync.pending + sync.rejected;
  return (
    <Dialog
      open={open}
      title="Sign out of Domus?"
      description="Your household's tasks, shopping list and notes stay safe on the server either way."
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy !== null}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void run(true)} disabled={busy !== null}>
            {busy === "keep" ? "Signing out…" : "Keep this device's data"}
          </button>
          <button
            type="button"
            className="btn btn-danger-solid"
            onClick={() => void run(false)}
            disabled={busy !== null}
          >
            {busy === "remove" ? "Removing…" : "Remove it from this device"}
          </button>
        </>
      }
    >
      <ul className="stack small" style={{ margin: 0, paddingLeft: 20, gap: 8 }}>
        <li>
          <strong>Keep this device&apos;s data</strong>: it stays in this browser, hidden until you sign in again.
        </li>
        <li>
          <strong>Remove it from this device</strong>: best on a shared or borrowed device.
        </li>
      </ul>
      {unsynced > 0 ? (
        <p className="alert alert-warn" role="note">
          {plural(unsynced, "change")} on this device {unsynced === 1 ? "has" : "have"} not reached the server yet. Keep
          the data, or sync first, so {unsynced === 1 ? "it is" : "they are"} not lost.
        </p>
      ) : null}
    </Dialog>
  );
}
