// Devices for the reminder tests: subscriptions made at the local push service (test/push-service.ts)
// with the Worker's VAPID key, stored through the real API, and the messages the service decrypted.
import { env } from "cloudflare:workers";
import type { ReminderMessage } from "../src/core/reminders";
import type { Deps } from "../src/server/deps";
import { type Account, call } from "./server-helpers";
import { PUSH_SERVICE_ORIGIN } from "./push-service-outbound";

export interface Device {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
}

async function service<T>(path: string, body: unknown): Promise<{ status: number; data: T }> {
  const res = await fetch(`${PUSH_SERVICE_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text.startsWith("{") ? (JSON.parse(text) as { data: T }) : { data: undefined as T };
  return { status: res.status, data: parsed.data };
}

/** A browser's subscription at the push service, for this server's VAPID key. */
export async function newDevice(): Promise<Device> {
  const res = await service<Device>("/subscribe", {
    userVisibleOnly: "true",
    applicationServerKey: env.VAPID_PUBLIC_KEY,
  });
  if (res.status !== 200) throw new Error(`push service refused the subscription: ${res.status}`);
  return res.data;
}

/** Stores `device` for `who` through POST /api/push/subscribe. */
export function subscribe(who: Account, device: Device, timeZone = "UTC"): Promise<Response> {
  return call("/api/push/subscribe", {
    token: who.token,
    body: { endpoint: device.endpoint, expirationTime: null, keys: device.keys, timeZone },
  });
}

/** A subscribed device of `who`. */
export async function subscribedDevice(who: Account, timeZone = "UTC"): Promise<Device> {
  const device = await newDevice();
  const res = await subscribe(who, device, timeZone);
  if (res.status !== 200) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
  return device;
}

/** What the push service decrypted for a device, each message parsed as the service worker would. */
export async function received(device: Device): Promise<ReminderMessage[]> {
  const res = await service<{ messages: string[] }>("/get-notifications", { clientHash: device.clientHash });
  return res.data.messages.map((m) => JSON.parse(m) as ReminderMessage);
}

/** The browser unsubscribed: the service answers 410 from now on. */
export async function expire(device: Device): Promise<void> {
  await service("/expire-subscription/" + device.clientHash, {});
}

/** Deps overrides that collect the work a request leaves running after its response. */
export function afterResponse(): { overrides: Partial<Deps>; settled: () => Promise<void> } {
  const pending: Promise<unknown>[] = [];
  return {
    overrides: { waitUntil: (work) => void pending.push(work) },
    settled: async () => {
      while (pending.length > 0) await pending.shift();
    },
  };
}

/** The subscription rows stored for a member (straight from D1). */
export async function storedEndpoints(who: Account): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT endpoint FROM push_subscriptions WHERE householdId = ? AND userId = ? ORDER BY endpoint`,
  )
    .bind(who.household.id, who.user.id)
    .all<{ endpoint: string }>();
  return results.map((r) => r.endpoint);
}
