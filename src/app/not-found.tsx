import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "./_ui/app-shell";
import { EmptyState } from "./_ui/empty-state";
import { HouseIcon } from "./_ui/icons";

export const metadata: Metadata = { title: "Page not found" };

/** Any unknown address: the app's own shell (navigation, sync state) and a way home, not a bare page. */
export default function NotFound() {
  return (
    <AppShell>
      <h1 className="visually-hidden">Page not found</h1>
      <EmptyState icon={<HouseIcon size={32} />} title="There is no page here">
        The address may be mistyped, or the page has moved. Your household&apos;s lists are where you left them.
      </EmptyState>
      <p style={{ textAlign: "center" }}>
        <Link href="/" className="btn btn-primary">
          Back to Today
        </Link>
      </p>
    </AppShell>
  );
}
