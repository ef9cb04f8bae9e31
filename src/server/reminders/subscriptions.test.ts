import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, errorOf, joinHousehold, jsonOf, registerAccount } from "../../../test/server-helpers";
import { newDevice, storedEndpoints, subscribe } from "../../../test/push-kit";
import { MAX_SUBSCRIPTIONS_PER_USER } from "./subscriptions";

// POST /api/push/subscribe and /unsubscribe: validated by zod, scoped to the caller (user and
// household), counted by the D1 rate limiter; GET /api/push/key hands out the VAPID public key.

const valid = {
  endpoint: "https://push.test/notify/abc",
  expirationTime: null,
  keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) },
  timeZone: "Europe/Berlin",
};

describe("push subscriptions", () => {
  test("the key endpoint gives the VAPID public key, and none where the server has no keys", async () => {
    expect(await jsonOf(await call("/api/push/key"))).toEqual({ publicKey: env.VAPID_PUBLIC_KEY });
    const none = { VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined, VAPID_SUBJECT: undefined };
    expect(await jsonOf(await call("/api/push/key", { env: none }))).toEqual({ publicKey: null });
    const half = await call("/api/push/key", { env: { VAPID_PRIVATE_KEY: undefined } });
    expect(half.status).toBe(500);
    expect((await errorOf(half)).message).toContain("VAPID_PRIVATE_KEY is not set");
  });

  test.each([
    ["an http endpoint", { ...valid, endpoint: "http://push.test/x" }, "endpoint"],
    ["not a URL", { ...valid, endpoint: "push" }, "endpoint"],
    ["a short p256dh key", { ...valid, keys: { ...valid.keys, p256dh: "B".repeat(40) } }, "keys.p256dh"],
    ["a non-base64url auth", { ...valid, keys: { ...valid.keys, auth: "+".repeat(22) } }, "keys.auth"],
    ["an unknown time zone", { ...valid, timeZone: "Mars/Olympus" }, "timeZone"],
    ["an unknown field", { ...valid, userId: "someone-else" }, ""],
  ])("refuses %s with a 400 that names the field, storing nothing", async (_, body, field) => {
    const alex = await registerAccount();
    const res = await call("/api/push/subscribe", { token: alex.token, body });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(field);
    expect(await storedEndpoints(alex)).toEqual([]);
  });

  test("needs a signed-in member", async () => {
    const res = await call("/api/push/subscribe", { body: valid });
    expect(res.status).toBe(401);
  });

  test("each member's devices are their own: unsubscribing reaches only the caller's row", async () => {
    const alex = await registerAccount();
    const sam = await joinHousehold(alex);
    const device = await newDevice();
    // One browser used by both members in turn: a row each, each in their own name.
    expect((await subscribe(alex, device)).status).toBe(200);
    expect((await subscribe(sam, device)).status).toBe(200);
    expect(await storedEndpoints(alex)).toEqual([device.endpoint]);
    const gone = await call("/api/push/unsubscribe", { token: sam.token, body: { endpoint: device.endpoint } });
    expect(await jsonOf(gone)).toEqual({ unsubscribed: true });
    expect(await storedEndpoints(sam)).toEqual([]);
    expect(await storedEndpoints(alex)).toEqual([device.endpoint]);
    const again = await call("/api/push/unsubscribe", { token: sam.token, body: { endpoint: device.endpoint } });
    expect(await jsonOf(again)).toEqual({ unsubscribed: false });
  });

  test("subscribing again refreshes one row; past the per-member limit the oldest device goes", async () => {
    const alex = await registerAccount();
    const endpoints = Array.from({ length: MAX_SUBSCRIPTIONS_PER_USER + 2 }, (_, i) => `https://push.test/d${i}`);
    let now = 1_000;
    for (const endpoint of [endpoints[0], ...endpoints]) {
      now += 1_000;
      const res = await call("/api/push/subscribe", {
        token: alex.token,
        body: { ...valid, endpoint },
        overrides: { now: () => now },
      });
      expect(res.status).toBe(200);
    }
    expect(await storedEndpoints(alex)).toEqual(endpoints.slice(2).sort());
  });

  test("is rate-limited per member, atomically under parallel calls", async () => {
    const alex = await registerAccount();
    const limited = { RATE_LIMIT_PUSH_SUBSCRIBE_PER_USER: "3/1h" };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call("/api/push/subscribe", {
          token: alex.token,
          body: { ...valid, endpoint: `https://push.test/p${i}` },
          env: limited,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(await storedEndpoints(alex)).toHaveLength(3);
  });
});
