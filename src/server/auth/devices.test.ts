import { describe, expect, test } from "vitest";
import { call, errorOf, jsonOf, registerAccount } from "../../../test/server-helpers";
import { mailFor, tokenFromMail } from "../../../test/mailbox";
import type { DevicesResponse } from "../../core/account-protocol";

const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
const FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0";

async function signIn(email: string, password: string, userAgent: string): Promise<string> {
  const res = await call("/api/auth/login", {
    body: { email, password },
    headers: { "user-agent": userAgent, "cf-connecting-ip": "10.7.0.1" },
  });
  expect(res.status).toBe(200);
  return (await jsonOf<{ token: string }>(res)).token;
}
const devices = async (token: string) => jsonOf<DevicesResponse>(await call("/api/auth/sessions", { token }));
const me = (token: string) => call("/api/auth/me", { token });

describe("devices", () => {
  test("lists each signed-in device with a readable label, this one marked", async () => {
    const account = await registerAccount();
    const mac = await signIn(account.user.email, account.password, CHROME_MAC);
    await signIn(account.user.email, account.password, FIREFOX_WIN);
    const list = (await devices(mac)).devices;
    expect(list).toHaveLength(3);
    expect(list.map((d) => d.label)).toEqual(expect.arrayContaining(["Chrome on Mac", "Firefox on Windows"]));
    expect(list.filter((d) => d.current).map((d) => d.label)).toEqual(["Chrome on Mac"]);
    for (const d of list) expect(Date.parse(d.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(d.createdAt));
    const stranger = await registerAccount();
    expect((await devices(stranger.token)).devices).toHaveLength(1);
  });

  test("signs out one device; another user's device id is not found and stays signed in", async () => {
    const account = await registerAccount();
    const firefox = await signIn(account.user.email, account.password, FIREFOX_WIN);
    const target = (await devices(account.token)).devices.find((d) => d.label === "Firefox on Windows");
    const stranger = await registerAccount();
    const foreign = await call("/api/auth/sessions/revoke", { token: stranger.token, body: { sid: target!.sid } });
    expect(foreign.status).toBe(404);
    expect((await me(firefox)).status).toBe(200);
    const res = await call("/api/auth/sessions/revoke", { token: account.token, body: { sid: target!.sid } });
    expect(res.status).toBe(200);
    expect((await me(firefox)).status).toBe(401);
    expect((await me(account.token)).status).toBe(200);
    expect((await devices(account.token)).devices).toHaveLength(1);
    for (const body of [{}, { sid: "" }, { sid: 3 }, { sid: "x", more: 1 }]) {
      expect((await call("/api/auth/sessions/revoke", { token: account.token, body })).status).toBe(400);
    }
  });

  test("signs out every other device", async () => {
    const account = await registerAccount();
    const a = await signIn(account.user.email, account.password, CHROME_MAC);
    const b = await signIn(account.user.email, account.password, FIREFOX_WIN);
    const res = await call("/api/auth/sessions/revoke-others", { method: "POST", token: a });
    expect(await jsonOf(res)).toEqual({ signedOut: 2 });
    expect((await me(a)).status).toBe(200);
    expect((await me(b)).status).toBe(401);
    expect((await me(account.token)).status).toBe(401);
  });
});

describe("changing the password", () => {
  const change = (token: string, body: unknown, ip = "10.8.0.1", env = {}) =>
    call("/api/auth/change-password", { token, body, headers: { "cf-connecting-ip": ip }, env });

  test("needs the current password, ends the other sessions and keeps this one", async () => {
    const account = await registerAccount({ password: "first password" });
    const other = await signIn(account.user.email, "first password", FIREFOX_WIN);
    const wrong = await change(account.token, { currentPassword: "not it", newPassword: "second password" });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("invalid_credentials");
    expect((await me(other)).status).toBe(200);
    const res = await change(account.token, { currentPassword: "first password", newPassword: "second password" });
    expect(res.status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect((await me(account.token)).status).toBe(200);
    await signIn(account.user.email, "second password", CHROME_MAC);
  });

  test("bad input is 400 and changes nothing", async () => {
    const account = await registerAccount({ password: "first password" });
    for (const body of [
      {},
      { currentPassword: "first password" },
      { currentPassword: "first password", newPassword: "short" },
    ]) {
      expect((await change(account.token, body)).status).toBe(400);
    }
    await signIn(account.user.email, "first password", CHROME_MAC);
  });

  test("wrong current passwords count against the sign-in limit for the email", async () => {
    const account = await registerAccount({ password: "first password" });
    const env = { RATE_LIMIT_LOGIN_PER_EMAIL: "3/15m" };
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await change(
            account.token,
            { currentPassword: `guess ${i}`, newPassword: "x".repeat(10) },
            `10.8.1.${i}`,
            env,
          )
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const login = await call("/api/auth/login", {
      body: { email: account.user.email, password: "first password" },
      env,
    });
    expect(login.status).toBe(429);
  });
});

describe("email verification", () => {
  test("sign-up sends a link; the account works unverified; the link verifies once", async () => {
    const account = await registerAccount({ householdName: "Willow" });
    const [mail] = await mailFor(account.user.email);
    expect(mail?.subject).toBe("Confirm your email for Domus");
    expect(mail?.text).toContain("Willow");
    expect((await jsonOf<{ user: { emailVerified: boolean } }>(await me(account.token))).user.emailVerified).toBe(
      false,
    );
    const token = await tokenFromMail(account.user.email, "/verify-email");
    const res = await call("/api/auth/verify-email", { body: { token } });
    expect(res.status).toBe(200);
    expect((await jsonOf<{ user: { emailVerified: boolean } }>(await me(account.token))).user.emailVerified).toBe(true);
    expect((await errorOf(await call("/api/auth/verify-email", { body: { token } }))).code).toBe("link_used");
    const resend = await call("/api/auth/resend-verification", { method: "POST", token: account.token });
    expect(resend.status).toBe(409);
  });

  test("resend sends a new link while unverified; bad tokens are 400", async () => {
    const account = await registerAccount();
    const resend = await call("/api/auth/resend-verification", { method: "POST", token: account.token });
    expect(resend.status).toBe(204);
    expect(await mailFor(account.user.email)).toHaveLength(2);
    for (const body of [{}, { token: "" }, { token: "short" }, { token: "A".repeat(43) }]) {
      expect((await call("/api/auth/verify-email", { body })).status).toBe(400);
    }
  });
});
