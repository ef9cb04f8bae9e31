"use client";

import styles from "./local-only-prompt.module.css";

/**
 * Shown when the server has a newer schema than this build (sync status `upgrade-required`): sync
 * waits for a reload, and every change made meanwhile stays on the device and goes out after it.
 */
export function UpgradeBanner() {
  return (
    <aside className={styles.prompt} role="alert" aria-label="A new version is ready">
      <p>
        <strong>A new version is ready — reload.</strong> Your changes are kept on this device and will sync after the
        reload.
      </p>
      <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </aside>
  );
}
