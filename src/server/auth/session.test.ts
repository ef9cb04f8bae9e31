import { env } from "cloudflare:workers";
import { SignJWT, decodeJwt } from "jose";
import { describe, expect, test } from "vitest";
import { call, errorOf, registerAccount, type Account } from "../../../test/server-helpers";

const SECRET = new TextEncoder().encode(env.JWT_SECRET);

const me = (token: string) => call("/api/auth/me", { token });

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect((await errorOf(res)).code).toBe("unauthorized");
}

function claimsOf(account: Account): { sid: string; sub: string } {
  const { sid, sub } = decodeJwt(account.token);
  if (typeof sid !== "string" || typeof sub !== "string") throw new Error("token without sid/sub");
  return { sid, sub };
}

/** A token for `account`'s live session, signed as the test says (algorithm, key, expiry). */
async function forge(
  account: Account,
  options: { alg?: string; secret?: Uint8Array; exp?: number; sub?: string } = {},
): Promise<string> {
  const { sid, sub } = claimsOf(account);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setSubject(options.sub ?? sub)
    .setIssuedAt(now - 120)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(options.secret ?? SECRET);
}

const base64url = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

describe("who am I", () => {
  test("a signed-in user reads their user and household", async () => {
    const account = await registerAccount({ householdName: "Oak Lodge" });
    const res = await me(account.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { ...account.user, emailVerified: false },
      household: { id: account.household.id, name: "Oak Lodge" },
      role: "owner",
    });
  });

  test("without a token or cookie: 401", async () => {
    await expectUnauthorized(await call("/api/auth/me"));
  });

  test("with an empty Bearer or an empty cookie: 401", async () => {
    await expectUnauthorized(await call("/api/auth/me", { headers: { authorization: "Bearer " } }));
    await expectUnauthorized(await call("/api/auth/me", { cookie: "domus_session=" }));
  });

  test('the "Bearer" scheme is accepted in any case', async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/me", { headers: { authorization: `bearer ${account.token}` } });
    expect(res.status).toBe(200);
  });

  test("with a token that is not a JWT at all: 401", async () => {
    await expectUnauthorized(await me("not-a-jwt"));
    await expectUnauthorized(await me("a.b.c"));
  });
});

describe("a token is refused unless the server signed it and its session lives", () => {
  test("a token we sign the way the server does is accepted (the forgeries below are the only change)", async () => {
    const account = await registerAccount();
    expect((await me(await forge(account))).status).toBe(200);
  });

  test("a tampered signature: 401", async () => {
    const account = await registerAccount();
    const [header, payload, signature = ""] = account.token.split(".");
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    await expectUnauthorized(await me(`${header}.${payload}.${flipped}`));
  });

  test("a tampered payload naming another user: 401", async () => {
    const victim = await registerAccount();
    const attacker = await registerAccount();
    const [header, , signature] = attacker.token.split(".");
    const payload = base64url({ ...decodeJwt(attacker.token), sub: victim.user.id });
    await expectUnauthorized(await me(`${header}.${payload}.${signature}`));
  });

  test("an expired token: 401, even while its session is still in KV", async () => {
    const account = await registerAccount();
    const expired = await forge(account, { exp: Math.floor(Date.now() / 1000) - 60 });
    await expectUnauthorized(await me(expired));
    expect((await me(account.token)).status).toBe(200);
  });

  test('a token with alg "none" and no signature: 401', async () => {
    const account = await registerAccount();
    const header = base64url({ alg: "none", typ: "JWT" });
    const payload = base64url(decodeJwt(account.token));
    await expectUnauthorized(await me(`${header}.${payload}.`));
    await expectUnauthorized(await me(`${header}.${payload}`));
  });

  test("a token signed with HS512 and the right secret: 401", async () => {
    const account = await registerAccount();
    await expectUnauthorized(await me(await forge(account, { alg: "HS512" })));
  });

  test("a token signed with another secret: 401", async () => {
    const account = await registerAccount();
    const other = new TextEncoder().encode("some-other-secret-0123456789abcdef0123456789");
    await expectUnauthorized(await me(await forge(account, { secret: other })));
  });

  test("a valid signature whose session id belongs to another user: 401", async () => {
    const victim = await registerAccount();
    const attacker = await registerAccount();
    await expectUnauthorized(await me(await forge(attacker, { sub: victim.user.id })));
  });

  test("a token whose session is gone from KV: 401", async () => {
    const account = await registerAccount();
    await env.KV.delete(`session:${account.user.id}:${claimsOf(account).sid}`);
    await expectUnauthorized(await me(account.token));
  });

  test("a session that holds garbage in KV: 401, not 500", async () => {
    const account = await registerAccount();
    await env.KV.put(`session:${account.user.id}:${claimsOf(account).sid}`, "{not json");
    await expectUnauthorized(await me(account.token));
  });

  test("a bad Bearer is not rescued by a good cookie", async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/me", {
      headers: { authorization: "Bearer not-a-jwt" },
      cookie: `domus_session=${account.token}`,
    });
    await expectUnauthorized(res);
  });
});
