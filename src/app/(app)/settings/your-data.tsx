"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { exportFile } from "@/client";
import { api, errorMessage } from "../../_lib/api";
import { useDomus } from "../../_lib/domus-provider";
import { Dialog } from "../../_ui/dialog";
import styles from "./settings.module.css";

/** Export the household as JSON, and delete the account (asks for the password). */
export function YourData() {
  const router = useRouter();
  const { signOut } = useDomus();
  const [deleting, setDeleting] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const [exporting, setExporting] = useState(false);
  const [exportStatus, setExportStatus] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  /** Fetches the export a page at a time (each a bounded request) and saves it as one file. */
  async function download() {
    setExporting(true);
    setExportError(null);
    setExportStatus("Preparing your download…");
    try {
      const file = await exportFile(api.exportPage, (rows) =>
        setExportStatus(`Preparing your download… ${rows.toLocaleString()} items so far`),
      );
      const url = URL.createObjectURL(new Blob(file.parts, { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = file.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click's task is over.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setExportStatus(`Downloaded ${file.filename} (${file.rows.toLocaleString()} items).`);
    } catch (err) {
      setExportStatus(null);
      setExportError(`The download did not finish. ${errorMessage(err)}`);
    } finally {
      setExporting(false);
    }
  }

  async function confirmDelete(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.deleteAccount(password);
      await signOut({ keepData: false });
      setDeleting(false);
      router.push("/");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`card ${styles.section}`} aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p>Download everything your household keeps in Domus, or delete your account.</p>
      <div className={styles.actions}>
        <button type="button" className="btn" onClick={() => void download()} disabled={exporting}>
          {exporting ? "Preparing download…" : "Download household data (JSON)"}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
          Delete account…
        </button>
      </div>
      <p role="status" aria-live="polite" className="small">
        {exportStatus}
      </p>
      {exportError ? (
        <p className="alert alert-error" role="alert">
          {exportError}
        </p>
      ) : null}
      <Dialog
        open={deleting}
        title="Delete your account?"
        description="Your preferences and sign-ins go. Tasks, lists and notes stay with your household; if you are its last member, the household goes too."
        onClose={() => {
          setDeleting(false);
          setError(null);
          setPassword("");
        }}
        onSubmit={(e) => void confirmDelete(e)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setDeleting(false)} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger-solid" disabled={busy || password === ""}>
              {busy ? "Deleting…" : "Delete my account"}
            </button>
          </>
        }
      >
        <label htmlFor="delete-password">Your password, to confirm</label>
        <input
          id="delete-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          required
        />
        {error ? (
          <p id={errorId} className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
      </Dialog>
    </section>
  );
}
