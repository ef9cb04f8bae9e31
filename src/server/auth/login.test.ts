import { describe, expect, test } from "vitest";
import { call, errorOf, jsonOf, registerAccount, sessionCookieOf, uniqueEmail } from "../../../test/server-helpers";
import { createPasswordHasher } from "./passwords";

const login = (email: string, password: string, options: Parameters<typeof call>[1] = {}) =>
  call("/api/auth/login", { body: { email, password }, ...options });

/** The session cookie's attributes as a lower-cased set, values kept: "httponly", "max-age=604800". */
function cookieAttributes(res: Response): Set<string> {
  const session = res.headers.getSetCookie().find((c) => /^(__Host-)?domus_session=/.test(c));
  const parts = (session ?? "").split(";").slice(1);
  return new Set(parts.map((p) => p.trim().toLowerCase()));
}

describe("signing in", () => {
  test("returns the user and household with a session cookie", async () => {
    const account = await registerAccount({ householdName: "Elm House" });
    const res = await login(account.user.email, account.password);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({ user: account.user, household: account.household });
    const me = await call("/api/auth/me", { cookie: sessionCookieOf(res) });
    expect(me.status).toBe(200);
    expect(await jsonOf(me)).toEqual({
      user: { ...account.user, emailVerified: false },
      household: account.household,
      role: "owner",
    });
  });

  test("the cookie is HttpOnly, SameSite=Lax, Path=/ and lives as long as the session", async () => {
    const account = await registerAccount();
    const attributes = cookieAttributes(await login(account.user.email, account.password));
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain(`max-age=${7 * 86_400}`);
  });

  test("the cookie is not Secure on plain-http localhost, where a browser would drop it", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, { base: "http://127.0.0.1:8787" });
    expect(cookieAttributes(res)).not.toContain("secure");
  });

  test("the cookie is Secure over https", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, { base: "https://domus.example" });
    expect(cookieAttributes(res)).toContain("secure");
  });

  test("the cookie is Secure on plain http anywhere but localhost", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, { base: "http://domus.example" });
    expect(cookieAttributes(res)).toContain("secure");
  });

  test("SESSION_DURATION sets how long the cookie lives", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, { env: { SESSION_DURATION: "1h" } });
    expect(cookieAttributes(res)).toContain("max-age=3600");
  });

  test("a browser gets only the HttpOnly cookie, never the token in the body", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, account.password, {
      headers: { "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).not.toHaveProperty("token");
  });

  test("a non-browser client gets a token it can send as a Bearer", async () => {
    const account = await registerAccount();
    const { token } = await jsonOf<{ token: string }>(await login(account.user.email, account.password));
    expect((await call("/api/auth/me", { token })).status).toBe(200);
  });
});

describe("a failed sign-in does not tell whether the email exists", () => {
  test("a wrong password and an unknown email get byte-identical 401 bodies", async () => {
    const account = await registerAccount();
    const wrongPassword = await login(account.user.email, "not the password");
    const unknownEmail = await login(uniqueEmail("nobody"), "not the password");
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.text(), await unknownEmail.text()];
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual({
      error: { code: "invalid_credentials", message: expect.stringMatching(/email or password/) },
    });
    expect(wrongPassword.headers.get("set-cookie")).toBeNull();
    expect(unknownEmail.headers.get("set-cookie")).toBeNull();
  });

  test("both take about the time of one bcrypt compare at a real cost", async () => {
    const env = { BCRYPT_COST: "8" };
    const account = await registerAccount({ env });
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const res = await login(email, `wrong password ${i}`, { env, headers: { "cf-connecting-ip": `10.77.0.${i}` } });
        times.push(performance.now() - start);
        expect(res.status).toBe(401);
      }
      return times.sort((x, y) => x - y)[2] ?? 0;
    };
    // Warm-up: the first unknown email also computes the dummy hash once per isolate.
    await login(uniqueEmail("warm"), "whatever password", { env });

    const hasher = createPasswordHasher({ pepper: "p".repeat(40), cost: 8 });
    const stored = await hasher.hash("reference password");
    const compareStart = performance.now();
    await hasher.verify("another password", stored);
    const oneCompare = performance.now() - compareStart;

    const wrongPassword = await median(account.user.email);
    const unknownEmail = await median(uniqueEmail("ghost"));
    console.log(
      `bcrypt cost 8: one compare ${oneCompare.toFixed(1)} ms; login median wrong password ` +
        `${wrongPassword.toFixed(1)} ms, unknown email ${unknownEmail.toFixed(1)} ms`,
    );
    // Generous bounds: a missing compare would make one path several times faster than the other.
    expect(oneCompare).toBeGreaterThan(0);
    expect(unknownEmail).toBeGreaterThan(oneCompare * 0.5);
    expect(wrongPassword).toBeGreaterThan(oneCompare * 0.5);
    expect(unknownEmail / wrongPassword).toBeGreaterThan(1 / 3);
    expect(unknownEmail / wrongPassword).toBeLessThan(3);
  });

  test("a wrong password never starts a session", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, `${account.password}!`);
    expect(res.status).toBe(401);
    expect(await jsonOf(res)).not.toHaveProperty("token");
  });
});

describe("signing out", () => {
  test("with a Bearer token: 204, and the same token is refused afterwards", async () => {
    const account = await registerAccount();
    expect((await call("/api/auth/me", { token: account.token })).status).toBe(200);
    const res = await call("/api/auth/logout", { method: "POST", token: account.token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const after = await call("/api/auth/me", { token: account.token });
    expect(after.status).toBe(401);
    expect((await errorOf(after)).code).toBe("unauthorized");
  });

  test("with the cookie: 204, the cookie is cleared, and the old cookie is refused", async () => {
    const account = await registerAccount();
    const cookie = sessionCookieOf(await login(account.user.email, account.password));
    const res = await call("/api/auth/logout", { method: "POST", cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/^domus_session=;/);
    expect(cookieAttributes(res)).toContain("max-age=0");
    expect((await call("/api/auth/me", { cookie })).status).toBe(401);
  });

  test("ends only this device's session", async () => {
    const account = await registerAccount();
    const phone = sessionCookieOf(await login(account.user.email, account.password));
    await call("/api/auth/logout", { method: "POST", token: account.token });
    expect((await call("/api/auth/me", { cookie: phone })).status).toBe(200);
  });

  test("without a session still answers 204 and clears the cookie", async () => {
    const res = await call("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(204);
    expect(cookieAttributes(res)).toContain("max-age=0");
  });

  test("the user can sign in again afterwards", async () => {
    const account = await registerAccount();
    await call("/api/auth/logout", { method: "POST", token: account.token });
    const res = await login(account.user.email, account.password);
    expect(res.status).toBe(200);
    expect((await call("/api/auth/me", { cookie: sessionCookieOf(res) })).status).toBe(200);
  });
});
