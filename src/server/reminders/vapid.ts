import type { VapidKeys } from "@block65/webcrypto-web-push";
import { DomusError } from "../../core/errors";
import type { Env } from "../config";

/**
 * The server's VAPID identity (RFC 8292) from VAPID_PUBLIC_KEY (base64url, the 65-byte uncompressed
 * P-256 point), VAPID_PRIVATE_KEY (base64url, the 32-byte private scalar) and VAPID_SUBJECT (a
 * mailto: or https: contact for the push services). Null when none is set: the Worker then sends no
 * push and GET /api/push/key says so. Half a configuration is a clear 500, never a silent no-push.
 */
export function vapidKeys(env: Env): VapidKeys | null {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = env;
  if (!publicKey && !privateKey && !subject) return null;
  const problem = !publicKey
    ? "VAPID_PUBLIC_KEY is not set"
    : !privateKey
      ? "VAPID_PRIVATE_KEY is not set"
      : !subject || !/^(mailto:|https:\/\/)/.test(subject)
        ? "VAPID_SUBJECT must be a mailto: or https: URL"
        : !/^[A-Za-z0-9_-]{87}$/.test(publicKey)
          ? "VAPID_PUBLIC_KEY must be 87 base64url characters (an uncompressed P-256 key)"
          : !/^[A-Za-z0-9_-]{43}$/.test(privateKey)
            ? "VAPID_PRIVATE_KEY must be 43 base64url characters"
            : null;
  if (problem) {
    throw new DomusError("internal_error", `Server misconfigured: ${problem} (see "Reminders" in the README).`);
  }
  return { publicKey: publicKey!, privateKey: privateKey!, subject: subject! };
}
