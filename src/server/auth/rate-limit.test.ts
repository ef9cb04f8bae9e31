import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, errorOf, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import { loadConfig, type Env } from "../config";
import { createPasswordHasher, type PasswordHasher } from "./passwords";
import { createD1RateLimiter, purgeRateCounters } from "./rate-limiter";

// Windows are fixed (aligned to the epoch); the clock is pinned 450 s into a window shared by the 15-minute
// and 1-hour rules, so no test straddles a window boundary and Retry-After is exact.
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 450_000;
const now = () => NOW;

let ipCounter = 0;
/** A fresh client address per use, so tests never share a per-IP bucket by accident. */
const freshIp = () => `192.0.2.${++ipCounter}`;

const login = (email: string, password: string, options: { ip: string; env?: Partial<Env>; hasher?: PasswordHasher }) =>
  call("/api/auth/login", {
    body: { email, password },
    headers: { "cf-connecting-ip": options.ip },
    env: options.env,
    overrides: options.hasher ? { hasher: options.hasher, now } : { now },
  });

/** 429 with Retry-After: the seconds left in the window, 450 s after its start. */
async function expectRateLimited(res: Response, windowSeconds: number): Promise<void> {
  expect(res.status).toBe(429);
  expect((await errorOf(res)).code).toBe("rate_limited");
  expect(res.headers.get("retry-after")).toBe(String(windowSeconds - 450));
}

describe("failed sign-ins per email", () => {
  const limits = { RATE_LIMIT_LOGIN_PER_EMAIL: "3/15m" };

  test("after 3 failures the email is locked with 429 and Retry-After, even for the right password", async () => {
    const account = await registerAccount();
    for (let i = 0; i < 3; i++) {
      expect((await login(account.user.email, "wrong password", { ip: freshIp(), env: limits })).status).toBe(401);
    }
    await expectRateLimited(await login(account.user.email, account.password, { ip: freshIp(), env: limits }), 900);
  });

  test("the lock counts the email however it is typed", async () => {
    const account = await registerAccount();
    const shouted = account.user.email.toUpperCase();
    for (let i = 0; i < 3; i++) await login(shouted, "wrong password", { ip: freshIp(), env: limits });
    await expectRateLimited(await login(account.user.email, account.password, { ip: freshIp(), env: limits }), 900);
  });

  test("another email's failures do not block a user's correct sign-in from the same address", async () => {
    const victim = await registerAccount();
    const user = await registerAccount();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await login(victim.user.email, "wrong password", { ip, env: limits });
    expect((await login(victim.user.email, victim.password, { ip, env: limits })).status).toBe(429);
    expect((await login(user.user.email, user.password, { ip, env: limits })).status).toBe(200);
  });

  test("successful sign-ins are not counted", async () => {
    const account = await registerAccount();
    for (let i = 0; i < 5; i++) {
      expect((await login(account.user.email, account.password, { ip: freshIp(), env: limits })).status).toBe(200);
    }
  });

  test("a locked email costs no bcrypt work", async () => {
    const config = loadConfig(env);
    const real = createPasswordHasher({ pepper: config.pepper, cost: config.bcryptCost });
    let compares = 0;
    const hasher: PasswordHasher = {
      ...real,
      verify: (p, h) => ((compares += 1), real.verify(p, h)),
      verifyDummy: (p) => ((compares += 1), real.verifyDummy(p)),
    };
    const email = uniqueEmail("locked");
    for (let i = 0; i < 3; i++) await login(email, "wrong password", { ip: freshIp(), env: limits, hasher });
    expect(compares).toBe(3);
    expect((await login(email, "wrong password", { ip: freshIp(), env: limits, hasher })).status).toBe(429);
    expect(compares).toBe(3);
  });
});

describe("failed sign-ins per address", () => {
  const limits = { RATE_LIMIT_LOGIN_PER_IP: "3/15m" };

  test("after 3 failures from one address, sign-ins from it get 429; other addresses are unaffected", async () => {
    const account = await registerAccount();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await login(uniqueEmail("spray"), "guess password", { ip, env: limits })).status).toBe(401);
    }
    await expectRateLimited(await login(account.user.email, account.password, { ip, env: limits }), 900);
    expect((await login(account.user.email, account.password, { ip: freshIp(), env: limits })).status).toBe(200);
  });
});

describe("registrations per address", () => {
  const limits = { RATE_LIMIT_REGISTER_PER_IP: "2/1h" };
  const register = (email: string, ip: string) =>
    call("/api/auth/register", {
      body: { email, password: "a good password", name: "Bot" },
      headers: { "cf-connecting-ip": ip },
      env: limits,
      overrides: { now },
    });

  test("the third sign-up from one address within the hour gets 429 and creates no account", async () => {
    const ip = freshIp();
    expect((await register(uniqueEmail(), ip)).status).toBe(201);
    expect((await register(uniqueEmail(), ip)).status).toBe(201);
    const email = uniqueEmail("third");
    await expectRateLimited(await register(email, ip), 3600);
    const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first();
    expect(row).toBeNull();
    expect((await register(uniqueEmail(), freshIp())).status).toBe(201);
  });

  test("requests refused as malformed do not use up the allowance", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await call("/api/auth/register", {
        body: { email: "nope" },
        headers: { "cf-connecting-ip": ip },
        env: limits,
        overrides: { now },
      });
      expect(res.status).toBe(400);
    }
    expect((await register(uniqueEmail(), ip)).status).toBe(201);
  });
});

describe("counters", () => {
  test("a new window starts from zero, and the daily cron deletes counters whose window has ended", async () => {
    const rule = { limit: 2, windowSeconds: 60 };
    let t = NOW;
    const limiter = createD1RateLimiter(env.DB, () => t);
    const key = uniqueEmail("window");
    await limiter.consume("test-window", key, rule);
    await limiter.consume("test-window", key, rule);
    await expect(limiter.consume("test-window", key, rule)).rejects.toMatchObject({ code: "rate_limited" });
    t += 60_000;
    await limiter.consume("test-window", key, rule);
    expect(await limiter.count("test-window", key, rule)).toBe(1);
    const name = `test-window:${key}`;
    const exists = () => env.DB.prepare("SELECT 1 FROM rate_counters WHERE name = ?").bind(name).first();
    await purgeRateCounters(env.DB, t);
    expect(await exists()).not.toBeNull();
    await purgeRateCounters(env.DB, t + 120_000);
    expect(await exists()).toBeNull();
  });
});
