import { DomusError } from "../../core/errors";

/** One message: a text part always (plain and accessible), an HTML part beside it. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The port every email goes through; adapters below. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Cloudflare Email Service's `send_email` binding (only the part Domus uses). */
export interface SendEmailBinding {
  send(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

/** Production: Cloudflare's Email Service through the `EMAIL` binding, from `EMAIL_FROM`. */
export function createCloudflareEmailSender(binding: SendEmailBinding, from: string): EmailSender {
  return {
    async send(message) {
      await binding.send({ from, ...message });
    },
  };
}

/** KV prefix of the local mailbox; the reader (dev-mailbox.ts) is bundled only into local builds. */
export const MAILBOX_PREFIX = "dev-mailbox:";
/** Newest first under KV's ascending key order: keys carry the time counted down from this. */
const FAR_FUTURE = 9_999_999_999_999;

export function mailboxKey(to: string, sentAt: number): string {
  const inverted = String(FAR_FUTURE - sentAt).padStart(13, "0");
  return `${MAILBOX_PREFIX}${to.toLowerCase()}:${inverted}:${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Local runs (`npm start`, tests): every message is stored in the local KV for a day and can be read
 * at `GET /api/dev/mailbox?to=` and on `/dev/mailbox` — nothing leaves the machine.
 */
export function createLocalMailboxSender(kv: KVNamespace, now: () => number): EmailSender {
  return {
    async send(message) {
      const sentAt = now();
      const stored = { ...message, to: message.to.toLowerCase(), sentAt: new Date(sentAt).toISOString() };
      await kv.put(mailboxKey(message.to, sentAt), JSON.stringify(stored), { expirationTtl: 86_400 });
    },
  };
}

export interface EmailEnv {
  EMAIL?: SendEmailBinding;
  EMAIL_FROM?: string;
  LOCAL_MAILBOX?: string;
}

/**
 * Chooses the adapter: the `EMAIL` binding when deployed, the local mailbox when `LOCAL_MAILBOX=1`
 * (set by `npm start` and the tests, never by `npm run deploy`). Without either, sending is a
 * configuration error naming what to set, rather than a message silently dropped.
 */
export function createEmailSender(env: EmailEnv, kv: KVNamespace, now: () => number): EmailSender {
  if (env.EMAIL) {
    const from = env.EMAIL_FROM;
    return {
      async send(message) {
        if (!from || !from.includes("@")) {
          throw new DomusError("internal_error", "Server misconfigured: EMAIL_FROM is not set to a sender address.");
        }
        await createCloudflareEmailSender(env.EMAIL!, from).send(message);
      },
    };
  }
  if (env.LOCAL_MAILBOX === "1") return createLocalMailboxSender(kv, now);
  return {
    async send() {
      throw new DomusError(
        "internal_error",
        "Server misconfigured: no EMAIL binding (send_email) is configured, so email cannot be sent.",
      );
    },
  };
}
