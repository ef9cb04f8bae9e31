"use client";

import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../../../_lib/api";
import { useDomus } from "../../../_lib/domus-provider";
import { FormAlert } from "../../../_ui/form";
import styles from "../../auth.module.css";

/**
 * `/join/<code>` from an invite email: signed out, it opens sign-up with the code; signed in to
 * another household, it offers a clear choice.
 */
export default function JoinPage() {
  const router = useRouter();
  const params = useParams<{ code: string }>();
  const code = decodeURIComponent(params.code ?? "");
  const { session, syncNow } = useDomus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (session === null) router.replace(`/signup?invite=${encodeURIComponent(code)}`);
  }, [session, code, router]);

  async function join() {
    setBusy(true);
    setError(null);
    try {
      await api.joinHousehold(code);
      // The sync's household_changed answer drops the old household's data and switches over.
      syncNow();
      router.replace("/household");
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  if (!session) return <p role="status">Opening the invite…</p>;
  return (
    <>
      <h1>Join another household?</h1>
      <p className={styles.intro}>
        You are signed in as {session.user.email}, a member of <strong>{session.household.name}</strong>. This invite
        (code {code}) is for another household.
      </p>
      <FormAlert message={error} />
      <ul className="stack small" style={{ paddingLeft: 20 }}>
        <li>
          <strong>Join</strong>: you leave {session.household.name} (its data leaves your devices; your preferences come
          with you).
        </li>
        <li>
          <strong>Stay</strong>: nothing changes; the invite stays unused.
        </li>
      </ul>
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        <button type="button" className="btn btn-primary" onClick={() => void join()} disabled={busy}>
          {busy ? "Joining…" : "Leave and join"}
        </button>
        <Link href="/" className="btn">
          Stay in {session.household.name}
        </Link>
      </div>
    </>
  );
}
