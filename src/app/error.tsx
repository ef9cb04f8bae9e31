"use client";

import { AppShell } from "./_ui/app-shell";
import { EmptyState } from "./_ui/empty-state";
import { AlertIcon } from "./_ui/icons";

/**
 * A page that failed while it ran: the app's own shell (navigation, sync state), what happened and
 * a way on, instead of Next's bare error page (whose inline style the Content-Security-Policy
 * refuses, so it showed unstyled). Nothing saved is lost: the lists live on the device, not in the page.
 */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <AppShell>
      <h1 className="visually-hidden">Something went wrong</h1>
      <div role="alert">
        <EmptyState icon={<AlertIcon size={32} />} title="This page stopped working">
          Nothing you saved is lost: it is on this device, and it syncs as before. Try the page again, reload it, or go
          on to another page.
        </EmptyState>
      </div>
      <p style={{ display: "flex", gap: "0.5rem", justifyContent: "center" }}>
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
        <button type="button" className="btn" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    </AppShell>
  );
}
