import { describe, expect, test } from "vitest";
import { call, errorOf, jsonOf, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import { mailFor, tokenFromMail } from "../../../test/mailbox";

const forgot = (email: string, ip = "10.9.0.1", env = {}) =>
  call("/api/auth/forgot-password", { body: { email }, headers: { "cf-connecting-ip": ip }, env });
const reset = (token: string, password: string, overrides = {}) =>
  call("/api/auth/reset-password", { body: { token, password }, overrides });
const me = (token: string) => call("/api/auth/me", { token });

describe("password reset by email", () => {
  test("the answer is the same whether or not the account exists, and only a real account gets mail", async () => {
    const account = await registerAccount();
    const stranger = uniqueEmail("nobody");
    const known = await forgot(account.user.email);
    const unknown = await forgot(stranger, "10.9.0.2");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const mails = await mailFor(account.user.email);
    expect(mails[0]?.subject).toBe("Reset your Domus password");
    expect(mails[0]?.text).toContain("http://127.0.0.1:8787/reset-password#token=");
    expect(mails[0]?.html).toContain("<a href=");
    expect(await mailFor(stranger)).toEqual([]);
  });

  test("the link sets a new password, ends every session, signs in the device that used it, and works once", async () => {
    const account = await registerAccount({ password: "old password 1" });
    await forgot(account.user.email, "10.9.1.1");
    const token = await tokenFromMail(account.user.email, "/reset-password");
    const res = await reset(token, "brand new password");
    expect(res.status).toBe(200);
    const body = await jsonOf<{ user: { id: string }; token: string }>(res);
    expect(body.user.id).toBe(account.user.id);
    expect((await me(account.token)).status).toBe(401);
    expect((await me(body.token)).status).toBe(200);
    const login = (password: string) =>
      call("/api/auth/login", {
        body: { email: account.user.email, password },
        headers: { "cf-connecting-ip": "10.9.1.2" },
      });
    expect((await login("old password 1")).status).toBe(401);
    expect((await login("brand new password")).status).toBe(200);

    const again = await reset(token, "another password");
    expect(again.status).toBe(400);
    expect(await errorOf(again)).toMatchObject({ code: "link_used", message: expect.stringContaining("already used") });
    expect((await login("another password")).status).toBe(401);
  });

  test("a link older than 30 minutes says it expired and changes nothing", async () => {
    const account = await registerAccount({ password: "kept password" });
    await forgot(account.user.email, "10.9.2.1");
    const token = await tokenFromMail(account.user.email, "/reset-password");
    const res = await reset(token, "too late password", { now: () => Date.now() + 31 * 60_000 });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "link_expired", message: expect.stringContaining("expired") });
    expect((await me(account.token)).status).toBe(200);
  });

  test("two parallel uses of one link: exactly one succeeds", async () => {
    const account = await registerAccount();
    await forgot(account.user.email, "10.9.3.1");
    const token = await tokenFromMail(account.user.email, "/reset-password");
    const results = await Promise.all([1, 2, 3, 4].map((i) => reset(token, `parallel password ${i}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(3);
  });

  test("bad input is a 400 that changes nothing", async () => {
    for (const body of [{}, { email: "not an email" }, { email: "a@b.co", extra: 1 }]) {
      const res = await call("/api/auth/forgot-password", { body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe("invalid_request");
    }
    for (const body of [{}, { token: "x" }, { token: "abc", password: "short" }, { password: "long enough pw" }]) {
      const res = await call("/api/auth/reset-password", { body });
      expect(res.status).toBe(400);
    }
    const unknown = await reset("A".repeat(43), "a fine password");
    expect(await errorOf(unknown)).toMatchObject({ code: "invalid_link" });
  });

  test("requests are limited per email and per IP", async () => {
    const account = await registerAccount();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await forgot(account.user.email, `10.9.4.${i}`)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(await mailFor(account.user.email)).toHaveLength(4); // 3 resets + the sign-up verification

    const env = { RATE_LIMIT_RESET_PER_IP: "2/1h" };
    const byIp = [];
    for (let i = 0; i < 3; i++) byIp.push((await forgot(uniqueEmail(), "10.9.5.5", env)).status);
    expect(byIp).toEqual([202, 202, 429]);
  });
});
