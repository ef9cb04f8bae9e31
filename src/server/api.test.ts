import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, errorOf, jsonOf, registerAccount, uniqueEmail } from "../../test/server-helpers";
import { createD1UserStore } from "./auth/user-store";
import type { Logger } from "./http/respond";

/** A logger that keeps what it is told, to check what operators would see. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (event, fields) => lines.push(JSON.stringify({ level: "error", event, ...fields })),
    info: (event, fields) => lines.push(JSON.stringify({ level: "info", event, ...fields })),
  };
}

describe("routing", () => {
  test("an unknown API route gets a 404 JSON error", async () => {
    const res = await call("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await errorOf(res)).toEqual({ code: "not_found", message: expect.stringContaining("/api/nothing-here") });
  });

  test("a known route with the wrong method gets a 405 JSON error naming the right one", async () => {
    const res = await call("/api/auth/login", { method: "GET" });
    expect(res.status).toBe(405);
    const error = await errorOf(res);
    expect(error.code).toBe("method_not_allowed");
    expect(error.message).toMatch(/POST/);
    const del = await call("/api/household", { method: "DELETE" });
    expect(del.status).toBe(405);
    expect((await errorOf(del)).message).toMatch(/GET/);
  });

  test("a trailing slash reaches the same route", async () => {
    const account = await registerAccount();
    expect((await call("/api/auth/me/", { token: account.token })).status).toBe(200);
  });

  test("the health check answers with D1 and KV reachable", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ ok: true, d1: "ok", kv: "ok" });
  });
});

describe("every response carries x-request-id", () => {
  test("successes, errors and empty responses alike, each with its own id", async () => {
    const account = await registerAccount();
    const responses = await Promise.all([
      call("/api/auth/me", { token: account.token }),
      call("/api/auth/login", { body: { email: account.user.email, password: account.password } }),
      call("/api/auth/logout", { method: "POST" }),
      call("/api/auth/me"),
      call("/api/auth/login", { raw: "{" }),
      call("/api/auth/login", { raw: "{}", headers: { "content-type": "text/plain" } }),
      call("/api/auth/register", { body: {}, headers: { origin: "https://evil.example" } }),
      call("/api/nowhere"),
      call("/api/auth/me", { method: "PUT" }),
      call("/api/auth/me", { env: { JWT_SECRET: undefined }, overrides: { logger: recordingLogger() } }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 204, 401, 400, 415, 403, 404, 405, 500]);
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^[\w-]{8,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("behind Cloudflare the id is the cf-ray, so logs and edge traces line up", async () => {
    const res = await call("/api/nowhere", { headers: { "cf-ray": "8f1e2d3c4b5a6978-AMS" } });
    expect(res.headers.get("x-request-id")).toBe("8f1e2d3c4b5a6978-AMS");
  });
});

describe("an unexpected failure", () => {
  test("gives a 500 naming the request id, with the details only in the operator's log", async () => {
    const logger = recordingLogger();
    const users = createD1UserStore(env.DB);
    const res = await call("/api/auth/login", {
      body: { email: uniqueEmail(), password: "a good password" },
      overrides: {
        logger,
        users: { ...users, findByEmail: () => Promise.reject(new Error("D1_ERROR: disk on fire")) },
      },
    });
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id") ?? "missing";
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal_error", message: expect.stringContaining(requestId) },
    });
    expect(text).not.toMatch(/disk on fire|\n\s+at /);
    const logged = logger.lines.join("\n");
    expect(logged).toContain(requestId);
    expect(logged).toContain("disk on fire");
    expect(logged).toContain("stack");
  });
});

describe("a misconfigured server says so clearly, never with a stack trace", () => {
  test("without JWT_SECRET: 500 naming the variable, and the operator's log says it too", async () => {
    const logger = recordingLogger();
    const res = await call("/api/auth/register", {
      body: { email: uniqueEmail(), password: "a good password", name: "Jo" },
      env: { JWT_SECRET: undefined },
      overrides: { logger },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/\n\s+at |\.ts:\d+|stack/i);
    const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("internal_error");
    expect(error.message).toMatch(/JWT_SECRET/);
    expect(error.message).toMatch(/wrangler secret put JWT_SECRET/);
    expect(logger.lines.join("\n")).toMatch(/JWT_SECRET/);
  });

  test("a JWT_SECRET too short to be safe is refused the same way", async () => {
    const res = await call("/api/auth/me", { env: { JWT_SECRET: "short" }, overrides: { logger: recordingLogger() } });
    expect(res.status).toBe(500);
    expect((await errorOf(res)).message).toMatch(/JWT_SECRET is too short.*at least 32 characters/);
  });

  test("without PASSWORD_PEPPER: 500 naming it", async () => {
    const res = await call("/api/auth/me", {
      env: { PASSWORD_PEPPER: undefined },
      overrides: { logger: recordingLogger() },
    });
    expect(res.status).toBe(500);
    expect((await errorOf(res)).message).toMatch(/PASSWORD_PEPPER/);
  });

  const badSettings: [string, string][] = [
    ["BCRYPT_COST", "ten"],
    ["BCRYPT_COST", "31"],
    ["MAX_BODY_BYTES", "5MB"],
    ["SESSION_DURATION", "forever"],
    ["RATE_LIMIT_LOGIN_PER_EMAIL", "lots"],
    ["API_BASE_URL", "not a url"],
  ];
  for (const [name, value] of badSettings) {
    test(`${name}="${value}" gives a 500 that names ${name}`, async () => {
      const logger = recordingLogger();
      const res = await call("/api/auth/me", { env: { [name]: value }, overrides: { logger } });
      expect(res.status).toBe(500);
      expect((await errorOf(res)).message).toContain(name);
      expect(logger.lines.join("\n")).toContain(name);
    });
  }

  test("a secret's value never appears in the error", async () => {
    const secret = "s3cr3t-but-too-short";
    const res = await call("/api/auth/me", {
      env: { PASSWORD_PEPPER: secret },
      overrides: { logger: recordingLogger() },
    });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(secret);
  });
});
