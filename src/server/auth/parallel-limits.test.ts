import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, errorOf, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import type { Env } from "../config";

// Real parallel requests against the real local D1: every limit must count each of N concurrent
// requests, so exactly `limit` get through. The clock is pinned inside one window of every rule.
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 450_000;
const now = () => NOW;

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter % 250}-${ipCounter}`;

const statusCounts = (responses: Response[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

const login = (email: string, password: string, ip: string, extra: { env?: Partial<Env> } = {}) =>
  call("/api/auth/login", {
    body: { email, password },
    headers: { "cf-connecting-ip": ip },
    env: extra.env,
    overrides: { now },
  });

async function counter(name: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count FROM rate_counters WHERE name = ?")
    .bind(name)
    .first<{ count: number }>();
  return row?.count ?? 0;
}

describe("limits hold under parallel requests", () => {
  test("60 parallel wrong passwords for one email: 10 are checked, 50 refused, all 60 counted", async () => {
    const account = await registerAccount();
    const responses = await Promise.all(
      Array.from({ length: 60 }, () => login(account.user.email, "wrong password", freshIp())),
    );
    expect(statusCounts(responses)).toEqual({ 401: 10, 429: 50 });
    expect(await counter(`login-email:${account.user.email}`)).toBe(60);
    const refused = responses.find((r) => r.status === 429);
    expect((await errorOf(refused!)).code).toBe("rate_limited");
    expect(Number(refused!.headers.get("retry-after"))).toBe(900 - 450);
    // The right password from a client the account has never used is refused too, until the window ends.
    expect((await login(account.user.email, account.password, freshIp())).status).toBe(429);
  });

  test("three bursts of 30 guesses check no more than the limit of passwords", async () => {
    const account = await registerAccount();
    const checked: number[] = [];
    for (let burst = 0; burst < 3; burst++) {
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          login(account.user.email, i === 29 && burst === 2 ? account.password : `guess ${burst}-${i}`, freshIp()),
        ),
      );
      checked.push(responses.filter((r) => r.status !== 429).length);
    }
    expect(checked.reduce((a, b) => a + b, 0)).toBe(10);
  });

  test("60 parallel guesses from one address across many emails: 50 checked, 10 refused", async () => {
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: 60 }, () => login(uniqueEmail("spray"), "guess password", ip)),
    );
    expect(statusCounts(responses)).toEqual({ 401: 50, 429: 10 });
  });

  test("40 parallel sign-ups from one address against 20 per hour create exactly 20 accounts", async () => {
    const ip = freshIp();
    const emails = Array.from({ length: 40 }, () => uniqueEmail("burst"));
    const responses = await Promise.all(
      emails.map((email) =>
        call("/api/auth/register", {
          body: { email, password: "a good password", name: "Bot" },
          headers: { "cf-connecting-ip": ip },
          overrides: { now },
        }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 201: 20, 429: 20 });
    const placeholders = emails.map(() => "?").join(",");
    const created = await env.DB.prepare(`SELECT COUNT(*) AS n FROM users WHERE email IN (${placeholders})`)
      .bind(...emails)
      .first<{ n: number }>();
    expect(created?.n).toBe(20);
  });

  test("parallel sync calls past the per-user limit are refused with 429, exactly at the limit", async () => {
    const account = await registerAccount();
    const limits = { RATE_LIMIT_SYNC_PER_USER: "30/1m" };
    const responses = await Promise.all(
      Array.from({ length: 45 }, () =>
        call("/api/sync/pull", { body: { cursor: null }, token: account.token, env: limits, overrides: { now } }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 200: 30, 429: 15 });
    // Another member's allowance is their own.
    const other = await registerAccount();
    const res = await call("/api/sync/pull", { body: { cursor: null }, token: other.token, env: limits });
    expect(res.status).toBe(200);
  });

  test("delete-account is no password oracle: 20 parallel wrong confirmations check 10, and the account stays", async () => {
    const account = await registerAccount();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("/api/auth/delete-account", {
          body: { password: "wrong password" },
          token: account.token,
          headers: { "cf-connecting-ip": freshIp() },
          overrides: { now },
        }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 401: 10, 429: 10 });
    // Confirmations and sign-ins share one allowance: sign-in from an untrusted client is now refused too.
    expect((await login(account.user.email, account.password, freshIp())).status).toBe(429);
    const right = await call("/api/auth/delete-account", {
      body: { password: account.password },
      token: account.token,
      overrides: { now },
    });
    expect(right.status).toBe(429);
    expect(await env.DB.prepare("SELECT id FROM users WHERE id = ?").bind(account.user.id).first()).not.toBeNull();
  });

  test("successful attempts give their count back: 15 right passwords in a row never lock the account", async () => {
    // (An attempt counts as a failure while it is in flight, so 15 *parallel* ones would be cut at 10.)
    const account = await registerAccount();
    const responses: Response[] = [];
    for (let i = 0; i < 15; i++) responses.push(await login(account.user.email, account.password, freshIp()));
    expect(statusCounts(responses)).toEqual({ 200: 15 });
    expect(await counter(`login-email:${account.user.email}`)).toBe(0);
  });
});
