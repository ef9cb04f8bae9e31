import { describe, expect, test } from "vitest";
import { call, registerAccount, sessionCookieOf } from "../../../test/server-helpers";

const HTTPS = "https://domus.example";

describe("the session cookie over https", () => {
  test("is __Host- prefixed, Secure, Path=/ and without Domain, and works", async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/login", {
      body: { email: account.user.email, password: account.password },
      base: HTTPS,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-domus_session=")) ?? "";
    const attributes = cookie.split(";").map((p) => p.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    expect((await call("/api/auth/me", { cookie: sessionCookieOf(res), base: HTTPS })).status).toBe(200);
  });

  test("a session set before the prefix (unprefixed name) is still accepted", async () => {
    const account = await registerAccount();
    expect((await call("/api/auth/me", { cookie: `domus_session=${account.token}`, base: HTTPS })).status).toBe(200);
  });

  test("a forged unprefixed cookie does not override the __Host- one", async () => {
    const account = await registerAccount();
    const other = await registerAccount();
    const res = await call("/api/auth/me", {
      cookie: `domus_session=${other.token}; __Host-domus_session=${account.token}`,
      base: HTTPS,
    });
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(account.user.id);
  });

  test("signing out clears both names, and the session is refused afterwards", async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/logout", {
      method: "POST",
      cookie: `__Host-domus_session=${account.token}`,
      base: HTTPS,
    });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie();
    expect(cleared.some((c) => /^__Host-domus_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(cleared.some((c) => /^domus_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await call("/api/auth/me", { token: account.token })).status).toBe(401);
  });
});
