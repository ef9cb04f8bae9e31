"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../../_lib/api";
import styles from "../auth.module.css";

export default function VerifyEmailPage() {
  const [state, setState] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
    api.verifyEmail(token).then(
      (r) => setState({ ok: true, message: `Thank you: ${r.email} is confirmed.` }),
      (err: unknown) => setState({ ok: false, message: errorMessage(err) }),
    );
  }, []);
  return (
    <>
      <h1>Confirm your email</h1>
      <p role={state?.ok === false ? "alert" : "status"} className={styles.intro}>
        {state ? state.message : "Confirming…"}
      </p>
      <div className={styles.footer}>
        <p>
          <Link href="/">Open Domus</Link>
        </p>
      </div>
    </>
  );
}
