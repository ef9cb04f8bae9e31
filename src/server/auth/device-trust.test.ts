import { SignJWT } from "jose";
import { describe, expect, test } from "vitest";
import { call, cookieOf, registerAccount, sessionCookieOf, type Account } from "../../../test/server-helpers";

// OWASP device cookies: a flood of wrong passwords from elsewhere must not lock the owner out of a
// device they signed in from before. The clock is pinned inside one 15-minute window.
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 450_000;
const now = () => NOW;
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;
const DEVICE = /^(__Host-)?domus_device_[0-9a-f]{16}=/;

const login = (email: string, password: string, options: { cookie?: string; ip?: string; base?: string } = {}) =>
  call("/api/auth/login", {
    body: { email, password },
    cookie: options.cookie,
    base: options.base,
    headers: { "cf-connecting-ip": options.ip ?? freshIp() },
    overrides: { now },
  });

const statusCounts = (responses: Response[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

/** An attacker without the owner's device: 40 parallel wrong passwords from 40 addresses. */
async function flood(account: Account): Promise<void> {
  const responses = await Promise.all(Array.from({ length: 40 }, () => login(account.user.email, "wrong guess")));
  expect(statusCounts(responses)).toEqual({ 401: 10, 429: 30 });
}

describe("a device that signed in before keeps its own allowance", () => {
  test("after a flood from elsewhere the owner still signs in from their device; strangers get 429", async () => {
    const account = await registerAccount();
    const device = cookieOf(await login(account.user.email, account.password), DEVICE);
    await flood(account);
    const owner = await login(account.user.email, account.password, { cookie: device });
    expect(owner.status).toBe(200);
    expect((await call("/api/auth/me", { cookie: sessionCookieOf(owner) })).status).toBe(200);
    expect((await login(account.user.email, account.password)).status).toBe(429);
  });

  test("the device cookie set at sign-up is trusted too", async () => {
    const email = `${crypto.randomUUID()}@example.com`;
    const res = await call("/api/auth/register", {
      body: { email, password: "a good password", name: "Jo" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    const device = cookieOf(res, DEVICE);
    const account = { user: { email } } as Account;
    await flood(account);
    expect((await login(email, "a good password", { cookie: device })).status).toBe(200);
  });

  test("a trusted device has its own limit: 10 wrong passwords lock that device, not the others", async () => {
    const account = await registerAccount();
    const laptop = cookieOf(await login(account.user.email, account.password), DEVICE);
    const phone = cookieOf(await login(account.user.email, account.password), DEVICE);
    expect(laptop).not.toBe(phone);
    const guesses = await Promise.all(
      Array.from({ length: 15 }, () => login(account.user.email, "wrong guess", { cookie: laptop })),
    );
    expect(statusCounts(guesses)).toEqual({ 401: 10, 429: 5 });
    expect((await login(account.user.email, account.password, { cookie: laptop })).status).toBe(429);
    expect((await login(account.user.email, account.password, { cookie: phone })).status).toBe(200);
    // The email's shared allowance was not touched by the laptop's guesses.
    expect((await login(account.user.email, account.password)).status).toBe(200);
  });

  test("a forged, foreign, tampered or session token as device cookie earns no trust", async () => {
    const account = await registerAccount();
    const other = await registerAccount();
    const real = cookieOf(await login(account.user.email, account.password), DEVICE);
    const name = real.split("=")[0]!;
    const otherDevice = cookieOf(await login(other.user.email, other.password), DEVICE).split("=")[1]!;
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setAudience("domus:device")
      .setSubject(account.user.email)
      .setJti("forged")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-server-secret-0123456789abcdef"));
    await flood(account);
    // Tampered in the middle of the signature: changing the last character may only touch base64url
    // padding bits (or already be that character), which leaves the token valid.
    const token = real.split("=")[1]!;
    const at = token.lastIndexOf(".") + 10;
    const tampered = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    for (const value of [forged, otherDevice, account.token, tampered]) {
      expect((await login(account.user.email, account.password, { cookie: `${name}=${value}` })).status).toBe(429);
    }
  });

  test("the device cookie is HttpOnly, SameSite=Strict, Path=/, and __Host- prefixed over https", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, { base: "https://domus.example" });
    const device = res.headers.getSetCookie().find((c) => DEVICE.test(c)) ?? "";
    expect(device).toMatch(/^__Host-domus_device_/);
    const attributes = device.split(";").map((p) => p.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=strict", "path=/", "secure"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  });

  test("a device cookie is not a session: sent as a Bearer token it gets 401", async () => {
    const account = await registerAccount();
    const device = cookieOf(await login(account.user.email, account.password), DEVICE).split("=")[1]!;
    expect((await call("/api/auth/me", { token: device })).status).toBe(401);
  });
});
