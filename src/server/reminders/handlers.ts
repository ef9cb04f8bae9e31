import { DomusError } from "../../core/errors";
import { type PushKeyResponse, pushSubscribeRequest, pushUnsubscribeRequest } from "../../core/reminders";
import { parseRate } from "../config";
import type { Deps } from "../deps";
import { authenticateMember } from "../household/authenticate-member";
import { parse, readJson } from "../http/read-body";
import { json } from "../http/respond";
import { deleteSubscription, saveSubscription } from "./subscriptions";
import { vapidKeys } from "./vapid";

/** Subscribe and unsubscribe calls per member (RATE_LIMIT_PUSH_SUBSCRIBE_PER_USER, default 30/1h). */
function subscribeRule(deps: Deps) {
  return parseRate(deps.env.RATE_LIMIT_PUSH_SUBSCRIBE_PER_USER ?? "30/1h", "RATE_LIMIT_PUSH_SUBSCRIBE_PER_USER");
}

/** The caller as a member, counted against the limit before any body is read or row written. */
async function member(req: Request, deps: Deps) {
  const s = await authenticateMember(req, deps);
  await deps.limiter.consume("push-subscribe", s.userId, subscribeRule(deps));
  return { householdId: s.householdId, userId: s.userId };
}

/** `GET /api/push/key`: the VAPID public key a device subscribes with (null: this server sends no push). */
export async function pushKeyHandler(_req: Request, deps: Deps): Promise<Response> {
  const body: PushKeyResponse = { publicKey: vapidKeys(deps.env)?.publicKey ?? null };
  return json(body);
}

/** `POST /api/push/subscribe`: stores this device's subscription for the caller in their household. */
export async function subscribeHandler(req: Request, deps: Deps): Promise<Response> {
  if (!vapidKeys(deps.env)) {
    throw new DomusError("not_found", "This server sends no notifications (no VAPID keys are configured).");
  }
  const owner = await member(req, deps);
  const body = parse(pushSubscribeRequest, await readJson(req, deps.config.maxBodyBytes));
  await saveSubscription(deps.db, owner, body, deps.now());
  return json({ subscribed: true });
}

/** `POST /api/push/unsubscribe`: forgets this device's subscription (the caller's own only). */
export async function unsubscribeHandler(req: Request, deps: Deps): Promise<Response> {
  const owner = await member(req, deps);
  const { endpoint } = parse(pushUnsubscribeRequest, await readJson(req, deps.config.maxBodyBytes));
  return json({ unsubscribed: await deleteSubscription(deps.db, owner, endpoint) });
}
