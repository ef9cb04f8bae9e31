import { buildPushPayload, type VapidKeys } from "@block65/webcrypto-web-push";
import type { ReminderMessage } from "../../core/reminders";
import type { Logger } from "../http/respond";
import { type Owner, deleteSubscription, subscriptionsOf } from "./subscriptions";

export interface PushSender {
  db: D1Database;
  vapid: VapidKeys;
  logger: Logger;
}

export interface SendResult {
  sent: number;
  /** Subscriptions the push service no longer knows (404/410), deleted. */
  expired: number;
  failed: number;
}

/** How long a push service keeps an undelivered message (seconds): a reminder is stale after a day. */
const TTL_SECONDS = 24 * 60 * 60;

/**
 * Sends one notification to every device of a member (RFC 8030), its payload encrypted for each
 * device (RFC 8291, aes128gcm) and the request signed with the server's VAPID key (RFC 8292), by
 * @block65/webcrypto-web-push on Web Crypto. A device whose push service answers 404 or 410 is
 * forgotten; any other failure is logged and left for the next message. Never throws for a device.
 */
export async function sendToMember(sender: PushSender, owner: Owner, message: ReminderMessage): Promise<SendResult> {
  const result: SendResult = { sent: 0, expired: 0, failed: 0 };
  for (const sub of await subscriptionsOf(sender.db, owner)) {
    try {
      const payload = await buildPushPayload(
        { data: { ...message }, options: { ttl: TTL_SECONDS, topic: topicOf(message.tag), urgency: "normal" } },
        { endpoint: sub.endpoint, expirationTime: null, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        sender.vapid,
      );
      const res = await fetch(sub.endpoint, payload);
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) {
        await deleteSubscription(sender.db, owner, sub.endpoint);
        result.expired++;
      } else if (res.ok) {
        result.sent++;
      } else {
        result.failed++;
        sender.logger.error("push: service refused", { status: res.status, host: new URL(sub.endpoint).host });
      }
    } catch (err) {
      result.failed++;
      sender.logger.error("push: send failed", { host: new URL(sub.endpoint).host, error: String(err) });
    }
  }
  return result;
}

/** A Topic header (RFC 8030 §5.4) replaces an undelivered message of the same topic: ≤ 32 base64url chars. */
function topicOf(tag: string): string {
  return tag.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 32);
}
