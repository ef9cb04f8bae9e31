import { MAILBOX_PREFIX } from "./email-sender";

export interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

/**
 * The local mailbox, newest first. Imported only by the `*.dev.ts(x)` routes, which exist only in
 * local builds (next.config.ts), so a production bundle has no way to read it.
 */
export async function readMailbox(kv: KVNamespace, to: string | null, limit = 50): Promise<MailboxEntry[]> {
  const prefix = to ? `${MAILBOX_PREFIX}${to.trim().toLowerCase()}:` : MAILBOX_PREFIX;
  const page = await kv.list({ prefix, limit: 1000 });
  const keys = page.keys.map((k) => k.name);
  // Without `to`, keys sort by address first: order by the inverted time that follows it.
  if (!to) keys.sort((a, b) => a.split(":").at(-2)!.localeCompare(b.split(":").at(-2)!));
  const entries = await Promise.all(keys.slice(0, limit).map((k) => kv.get(k)));
  return entries.flatMap((raw) => (raw ? [JSON.parse(raw) as MailboxEntry] : []));
}
