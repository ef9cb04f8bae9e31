import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { BASE, call, errorOf, jsonOf, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import { handleApi } from "../api";

const validSignUp = (email = uniqueEmail()) => ({ email, password: "a good password", name: "Jo" });

async function accountExists(email: string): Promise<boolean> {
  return (await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()) !== null;
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const error = await errorOf(res);
  expect(error.code).toBe(code);
  return error.message;
}

describe("requests from another site are refused", () => {
  test("a sign-up with a foreign Origin gets 403 and creates no account", async () => {
    const email = uniqueEmail("csrf");
    const res = await call("/api/auth/register", {
      body: validSignUp(email),
      headers: { origin: "https://evil.example" },
    });
    await expectError(res, 403, "forbidden");
    expect(await accountExists(email)).toBe(false);
  });

  test("a sign-up marked Sec-Fetch-Site: cross-site gets 403 and creates no account", async () => {
    const email = uniqueEmail("csrf");
    const res = await call("/api/auth/register", {
      body: validSignUp(email),
      headers: { "sec-fetch-site": "cross-site" },
    });
    await expectError(res, 403, "forbidden");
    expect(await accountExists(email)).toBe(false);
  });

  test("a cross-site sign-out gets 403 and the session stays valid", async () => {
    const account = await registerAccount();
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const res = await call("/api/auth/logout", { method: "POST", token: account.token, headers });
      await expectError(res, 403, "forbidden");
    }
    expect((await call("/api/auth/me", { token: account.token })).status).toBe(200);
  });

  test("a cross-site invite or sync request gets 403", async () => {
    const account = await registerAccount();
    const headers = { origin: "https://evil.example" };
    await expectError(
      await call("/api/household/invites", { method: "POST", token: account.token, headers }),
      403,
      "forbidden",
    );
    await expectError(
      await call("/api/sync/pull", { body: { cursor: null }, token: account.token, headers }),
      403,
      "forbidden",
    );
  });

  test('an opaque Origin ("null", from a sandboxed frame) gets 403', async () => {
    const res = await call("/api/auth/register", { body: validSignUp(), headers: { origin: "null" } });
    await expectError(res, 403, "forbidden");
  });

  test("an Origin on the same host but another port or scheme gets 403", async () => {
    for (const origin of ["http://127.0.0.1:3000", "https://127.0.0.1:8787"]) {
      const res = await call("/api/auth/register", { body: validSignUp(), headers: { origin } });
      await expectError(res, 403, "forbidden");
    }
  });

  test("the app's own origin is allowed", async () => {
    const res = await call("/api/auth/register", {
      body: validSignUp(),
      headers: { origin: "http://127.0.0.1:8787", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(201);
  });

  test("the origin named by API_BASE_URL is allowed, and only it", async () => {
    const apiEnv = { API_BASE_URL: "https://app.domus.example/some/path" };
    const ok = await call("/api/auth/register", {
      body: validSignUp(),
      headers: { origin: "https://app.domus.example" },
      env: apiEnv,
    });
    expect(ok.status).toBe(201);
    const other = await call("/api/auth/register", {
      body: validSignUp(),
      headers: { origin: "https://other.domus.example" },
      env: apiEnv,
    });
    await expectError(other, 403, "forbidden");
  });

  test("reads are not state-changing and are not refused for their Origin", async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/me", { token: account.token, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(200);
  });
});

describe("bodies must be JSON", () => {
  for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
    test(`a ${type.split(";")[0]} sign-up gets 415 and creates no account`, async () => {
      const email = uniqueEmail("form");
      const res = await call("/api/auth/register", {
        raw: JSON.stringify(validSignUp(email)),
        headers: { "content-type": type },
      });
      const message = await expectError(res, 415, "unsupported_media_type");
      expect(message).toMatch(/application\/json/);
      expect(await accountExists(email)).toBe(false);
    });
  }

  test("a body without any Content-Type gets 415", async () => {
    const res = await call("/api/auth/login", {
      bodyInit: new TextEncoder().encode(JSON.stringify({ email: "a@b.co", password: "whatever1" })),
      method: "POST",
      headers: { "content-type": "" },
    });
    await expectError(res, 415, "unsupported_media_type");
  });

  test("application/json with a charset, in any case, is accepted", async () => {
    const res = await call("/api/auth/register", {
      body: validSignUp(),
      headers: { "content-type": "Application/JSON; charset=UTF-8" },
    });
    expect(res.status).toBe(201);
  });

  test("malformed JSON gets 400", async () => {
    const res = await call("/api/auth/login", { raw: '{"email": "a@b.co", "password": ' });
    const message = await expectError(res, 400, "invalid_request");
    expect(message).toMatch(/JSON/);
  });

  test("an empty body gets 400", async () => {
    await expectError(await call("/api/auth/login", { raw: "", method: "POST" }), 400, "invalid_request");
  });

  test("bytes that are not UTF-8 get 400", async () => {
    const res = await call("/api/auth/login", { method: "POST", bodyInit: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    await expectError(res, 400, "invalid_request");
  });
});

describe("bodies must have the right shape", () => {
  const cases: [string, string, unknown][] = [
    ["register", "a missing password", { email: "a@b.co", name: "Jo" }],
    ["register", "a missing name", { email: "a@b.co", password: "a good password" }],
    ["register", "a blank name", { email: "a@b.co", password: "a good password", name: "   " }],
    ["register", "a number for the email", { email: 42, password: "a good password", name: "Jo" }],
    ["register", "an email without @", { email: "not-an-email", password: "a good password", name: "Jo" }],
    ["register", "an array for the name", { email: "a@b.co", password: "a good password", name: ["Jo"] }],
    ["register", "an extra field", { email: "a@b.co", password: "a good password", name: "Jo", isAdmin: true }],
    ["register", "a householdId smuggled in", { ...validSignUp(), householdId: "someone-elses" }],
    ["login", "a missing email", { password: "a good password" }],
    ["login", "a boolean for the password", { email: "a@b.co", password: true }],
    ["login", "an extra field", { email: "a@b.co", password: "a good password", remember: true }],
    ["login", "an array body", [{ email: "a@b.co", password: "a good password" }]],
    ["login", "a string body", "a@b.co"],
  ];
  for (const [route, what, body] of cases) {
    test(`${route} with ${what} gets 400 with a message saying what is wrong`, async () => {
      const res = await call(`/api/auth/${route}`, { body });
      const message = await expectError(res, 400, "invalid_request");
      expect(message.length).toBeGreaterThan(5);
    });
  }

  test("the 400 names the field at fault", async () => {
    const res = await call("/api/auth/register", { body: { email: "a@b.co", password: "short", name: "Jo" } });
    expect(await expectError(res, 400, "invalid_request")).toMatch(/^password: /);
  });
});

describe("bodies over MAX_BODY_BYTES get 413 before they are parsed", () => {
  const limit = { MAX_BODY_BYTES: "1000" };
  const bigSignUp = (email: string) => JSON.stringify({ ...validSignUp(email), name: "J".repeat(2000) });

  test("declared by Content-Length, without reading the body at all", async () => {
    const email = uniqueEmail("big");
    const raw = bigSignUp(email);
    const req = new Request(`${BASE}/api/auth/register`, {
      method: "POST",
      body: raw,
      headers: { "content-type": "application/json", "content-length": String(raw.length) },
    });
    const res = await handleApi(req, { ...env, ...limit });
    await expectError(res, 413, "payload_too_large");
    expect(req.bodyUsed).toBe(false);
    expect(await accountExists(email)).toBe(false);
  });

  test("streamed without a Content-Length", async () => {
    const email = uniqueEmail("stream");
    const bytes = new TextEncoder().encode(bigSignUp(email));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
        controller.close();
      },
    });
    const res = await call("/api/auth/register", { method: "POST", bodyInit: stream, env: limit });
    await expectError(res, 413, "payload_too_large");
    expect(await accountExists(email)).toBe(false);
  });

  test("a body just under the limit goes through", async () => {
    const email = uniqueEmail("fits");
    const raw = JSON.stringify(validSignUp(email)).padEnd(1000, " ");
    const res = await call("/api/auth/register", { raw, env: limit });
    expect(res.status).toBe(201);
    expect((await jsonOf<{ user: { email: string } }>(res)).user.email).toBe(email);
  });

  test("the default limit is 5 MB", async () => {
    const account = await registerAccount();
    const raw = JSON.stringify({ cursor: null, pad: "x".repeat(5 * 1024 * 1024) });
    const res = await call("/api/sync/pull", { raw, token: account.token });
    await expectError(res, 413, "payload_too_large");
  });
});

describe("local development on loopback", () => {
  test("a browser on 127.0.0.1 may post to the Worker that wrangler dev serves as localhost", async () => {
    const res = await call("/api/auth/register", {
      base: "http://localhost:8787",
      headers: { origin: "http://127.0.0.1:8787" },
      body: { email: uniqueEmail(), password: "correct horse battery", name: "Lo" },
    });
    expect(res.status).toBe(201);
  });

  test("another loopback port is still another site", async () => {
    const res = await call("/api/auth/register", {
      base: "http://localhost:8787",
      headers: { origin: "http://127.0.0.1:3000" },
      body: { email: uniqueEmail(), password: "correct horse battery", name: "Lo" },
    });
    expect(res.status).toBe(403);
  });
});
