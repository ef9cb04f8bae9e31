import type { PushSubscribeRequest } from "@/core/reminders";
import { api } from "./api";
import { registerServiceWorker } from "./register-service-worker";

// This device's Web Push subscription: the browser's PushManager on the service worker's
// registration, and the server's copy of it (POST /api/push/subscribe). Permission is asked only
// when the member turns notifications on.

/** What this browser allows: no Push API at all, blocked by the member, not asked yet, or allowed. */
export type PushPermission = "unsupported" | "denied" | "default" | "granted";

export function pushPermission(): PushPermission {
  if (typeof window === "undefined" || !("serviceWorker" in navigator) || !("PushManager" in window)) {
    return "unsupported";
  }
  if (!("Notification" in window)) return "unsupported";
  return Notification.permission;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function asRequest(sub: PushSubscription): PushSubscribeRequest {
  const json = sub.toJSON();
  return {
    endpoint: sub.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (pushPermission() === "unsupported") return null;
  return (await navigator.serviceWorker.getRegistration("/")) ?? null;
}

/** This device's subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  return (await (await registration())?.pushManager.getSubscription()) ?? null;
}

export type EnableResult = "on" | "denied" | "unsupported" | "no-server-key" | "no-service-worker";

/** Asks for permission (when not yet given), subscribes this device and tells the server. */
export async function startPushOnThisDevice(): Promise<EnableResult> {
  if (pushPermission() === "unsupported") return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission === "denied" ? "denied" : "unsupported";
  const { publicKey } = await api.pushKey();
  if (!publicKey) return "no-server-key";
  // A new device installs its worker after its first download; asked for now, it installs now.
  const reg = (await registration()) ?? ((await registerServiceWorker()) && (await navigator.serviceWorker.ready));
  if (!reg) return "no-service-worker";
  const sub =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await api.pushSubscribe(asRequest(sub));
  return "on";
}

/** Forgets this device's subscription on the server and in the browser. */
export async function stopPushOnThisDevice(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  await api.pushUnsubscribe(sub.endpoint).catch(() => undefined);
  await sub.unsubscribe();
}

/**
 * Re-sends an existing subscription (once per app start): the server learns this device's current
 * time zone and household, and a subscription the browser renewed replaces the old one.
 */
export async function refreshPushOnThisDevice(): Promise<void> {
  if (pushPermission() !== "granted") return;
  const sub = await currentSubscription();
  if (sub) await api.pushSubscribe(asRequest(sub));
}
