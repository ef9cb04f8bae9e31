import type { Metadata } from "next";
import { MailboxView } from "./mailbox-view";

export const metadata: Metadata = { title: "Local mailbox · Domus" };

// LOCAL BUILDS ONLY (see next.config.ts): every email the app sent while running locally.
export default function MailboxPage() {
  return <MailboxView />;
}
