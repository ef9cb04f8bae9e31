import { env } from "cloudflare:workers";
import { readMailbox, type MailboxEntry } from "../src/server/email/dev-mailbox";

/** The messages the local mailbox holds for `to`, newest first (the same reader as /api/dev/mailbox). */
export function mailFor(to: string): Promise<MailboxEntry[]> {
  return readMailbox(env.KV, to);
}

/** The token in the newest message to `to` whose link contains `path` (e.g. "/reset-password"). */
export async function tokenFromMail(to: string, path: string): Promise<string> {
  for (const m of await mailFor(to)) {
    const match = new RegExp(`${path}#token=([A-Za-z0-9_-]+)`).exec(m.text);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no ${path} link in the mailbox of ${to}`);
}
