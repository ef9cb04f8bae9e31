"use client";

import { useEffect, useState } from "react";
import { api, errorMessage } from "../../_lib/api";

/** A gentle note while the address is unconfirmed; the account works fully meanwhile. */
export function VerifyBanner() {
  const [account, setAccount] = useState<{ email: string; emailVerified: boolean } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    api.account().then(
      (a) => setAccount(a.user),
      () => undefined, // Offline: nothing to say.
    );
  }, []);
  if (!account || account.emailVerified) return null;

  async function resend() {
    setStatus("Sending…");
    try {
      await api.resendVerification();
      setStatus(`Sent. Check ${account?.email}.`);
    } catch (err) {
      setStatus(errorMessage(err));
    }
  }

  return (
    <div className="alert alert-info" role="note" style={{ marginBottom: 16 }}>
      <div className="stack" style={{ gap: 8 }}>
        <span>
          Please confirm your email address: we sent a link to <strong>{account.email}</strong>. It lets you reset your
          password by email.
        </span>
        <span>
          <button type="button" className="btn" onClick={() => void resend()}>
            Send the link again
          </button>{" "}
          <span role="status" aria-live="polite" className="small">
            {status}
          </span>
        </span>
      </div>
    </div>
  );
}
