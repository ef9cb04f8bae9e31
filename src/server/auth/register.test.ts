import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import {
  call,
  errorOf,
  jsonOf,
  registerAccount,
  sessionCookieOf,
  uniqueEmail,
  type Account,
} from "../../../test/server-helpers";
import { loadConfig } from "../config";
import { createPasswordHasher, type PasswordHasher } from "./passwords";

const register = (body: Record<string, unknown>, options: Parameters<typeof call>[1] = {}) =>
  call("/api/auth/register", {
    body,
    headers: { "cf-connecting-ip": `10.9.${Math.floor(Math.random() * 250)}.1` },
    ...options,
  });

const login = (email: string, password: string) => call("/api/auth/login", { body: { email, password } });

async function accountExists(email: string): Promise<boolean> {
  const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email.toLowerCase()).first();
  return row !== null;
}

async function newInvite(owner: Account): Promise<string> {
  const res = await call("/api/household/invites", { method: "POST", token: owner.token });
  return (await jsonOf<{ code: string }>(res)).code;
}

/** The real hasher, counting how often it is asked to hash. */
function countingHasher(): { hasher: PasswordHasher; hashes: () => number } {
  const config = loadConfig(env);
  const real = createPasswordHasher({ pepper: config.pepper, cost: config.bcryptCost });
  let hashes = 0;
  return {
    hasher: { ...real, hash: (p) => ((hashes += 1), real.hash(p)) },
    hashes: () => hashes,
  };
}

describe("registering a new household", () => {
  test("creates the user and a household named after them, and signs them in", async () => {
    const email = uniqueEmail("new");
    const res = await register({ email, password: "a good password", name: "Robin" });
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      user: { id: expect.any(String), email, name: "Robin" },
      household: { id: expect.any(String), name: "Robin's home" },
    });
    const me = await call("/api/auth/me", { cookie: sessionCookieOf(res) });
    expect(await jsonOf(me)).toMatchObject({ user: { email }, household: { name: "Robin's home" } });
  });

  test("uses the household name the user chose", async () => {
    const account = await registerAccount({ householdName: "Maple Street" });
    expect(account.household.name).toBe("Maple Street");
  });

  test("stores the email in lower case, so the user can sign in however they type it", async () => {
    const email = uniqueEmail("MiXeD").replace("example", "EXAMPLE");
    const res = await register({ email: `  ${email} `, password: "a good password", name: "Kim" });
    expect(res.status).toBe(201);
    expect((await jsonOf<Account>(res)).user.email).toBe(email.toLowerCase());
    expect((await login(email.toUpperCase(), "a good password")).status).toBe(200);
  });

  test("refuses an email that is already taken, whatever its case, with 409", async () => {
    const email = uniqueEmail("taken");
    await registerAccount({ email });
    const res = await register({ email: email.toUpperCase(), password: "another password", name: "Eve" });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("email_taken");
    // The first owner's password still works and the second one does not.
    expect((await login(email, "correct horse battery staple")).status).toBe(200);
    expect((await login(email, "another password")).status).toBe(401);
  });

  test("a taken email does not leave an empty household behind", async () => {
    const email = uniqueEmail("orphan");
    await registerAccount({ email });
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM households").first<{ n: number }>();
    await register({ email, password: "another password", name: "Eve", householdName: "Ghost house" });
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM households").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe("joining a household with an invite code", () => {
  test("puts the new user in the inviter's household", async () => {
    const owner = await registerAccount({ householdName: "The Burrow" });
    const member = await registerAccount({ inviteCode: await newInvite(owner), name: "Sam" });
    expect(member.household).toEqual(owner.household);
    const me = await jsonOf(await call("/api/auth/me", { token: member.token }));
    expect(me).toMatchObject({ household: { id: owner.household.id, name: "The Burrow" } });
  });

  test("accepts the code typed in lower case and without the dash", async () => {
    const owner = await registerAccount();
    const code = (await newInvite(owner)).toLowerCase().replace("-", "");
    const member = await registerAccount({ inviteCode: code });
    expect(member.household.id).toBe(owner.household.id);
  });

  test("refuses a code that does not exist, and creates no account", async () => {
    const email = uniqueEmail("badcode");
    const res = await register({ email, password: "a good password", name: "Lee", inviteCode: "ZZZZZ-ZZZZZ" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_invite");
    expect(await accountExists(email)).toBe(false);
  });

  test("a code works only once", async () => {
    const owner = await registerAccount();
    const code = await newInvite(owner);
    await registerAccount({ inviteCode: code });
    const res = await register({ email: uniqueEmail(), password: "a good password", name: "Third", inviteCode: code });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_invite");
  });

  test("an expired code is refused", async () => {
    const owner = await registerAccount();
    const code = await newInvite(owner);
    const eightDaysLater = Date.now() + 8 * 86_400_000;
    const res = await register(
      { email: uniqueEmail(), password: "a good password", name: "Late", inviteCode: code },
      { overrides: { now: () => eightDaysLater } },
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_invite");
  });

  test("a code still works just before it expires", async () => {
    const owner = await registerAccount();
    const code = await newInvite(owner);
    const sixDaysLater = Date.now() + 6 * 86_400_000;
    const res = await register(
      { email: uniqueEmail(), password: "a good password", name: "Almost late", inviteCode: code },
      { overrides: { now: () => sixDaysLater } },
    );
    expect(res.status).toBe(201);
  });

  test("a sign-up refused for a taken email does not use up the code", async () => {
    const owner = await registerAccount();
    const code = await newInvite(owner);
    const taken = await register({
      email: owner.user.email,
      password: "a good password",
      name: "Oops",
      inviteCode: code,
    });
    expect(taken.status).toBe(409);
    const member = await registerAccount({ inviteCode: code });
    expect(member.household.id).toBe(owner.household.id);
  });
});

describe("password rules", () => {
  test("a password shorter than 8 characters is refused with 400", async () => {
    const email = uniqueEmail("short");
    const res = await register({ email, password: "1234567", name: "Short" });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/password/);
    expect(await accountExists(email)).toBe(false);
  });

  test("8 characters of any script are enough, counted as characters, not bytes", async () => {
    expect((await register({ email: uniqueEmail(), password: "12345678", name: "A" })).status).toBe(201);
    expect((await register({ email: uniqueEmail(), password: "🔑🔑🔑🔑🔑🔑🔑🔑", name: "B" })).status).toBe(201);
  });

  test("a 64-character password in a non-Latin script is accepted and signs in", async () => {
    const password = "Մեր տունը լի է ծիծաղով, իսկ խոհանոցը միշտ տաք է։ Ապրենք միասին հավերժ";
    expect([...password].length).toBeGreaterThanOrEqual(64);
    const account = await registerAccount({ password });
    expect((await login(account.user.email, password)).status).toBe(200);
  });

  test("a long password is not truncated at bcrypt's 72 bytes", async () => {
    const prefix = "秋の夜長に家族で鍋を囲み、笑い声が台所に響く。冬支度もそろそろ始めよう。";
    expect(new TextEncoder().encode(prefix).length).toBeGreaterThan(72);
    const account = await registerAccount({ password: `${prefix}一` });
    expect((await login(account.user.email, `${prefix}二`)).status).toBe(401);
    expect((await login(account.user.email, prefix)).status).toBe(401);
    expect((await login(account.user.email, `${prefix}一`)).status).toBe(200);
  });

  test("two ASCII passwords that differ only after byte 72 are not interchangeable", async () => {
    const common = "x".repeat(80);
    const account = await registerAccount({ password: `${common}-first` });
    expect((await login(account.user.email, `${common}-other`)).status).toBe(401);
    expect((await login(account.user.email, `${common}-first`)).status).toBe(200);
  });

  test("a password of exactly 1,024 characters is accepted", async () => {
    const password = "p".repeat(1024);
    const account = await registerAccount({ password });
    expect((await login(account.user.email, password)).status).toBe(200);
  });

  test("a password over 1,024 characters is refused with 400 before any hashing", async () => {
    const email = uniqueEmail("huge");
    const { hasher, hashes } = countingHasher();
    const res = await register({ email, password: "p".repeat(1025), name: "Huge" }, { overrides: { hasher } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/password/);
    expect(hashes()).toBe(0);
    expect(await accountExists(email)).toBe(false);
    // The counting hasher does count: a valid sign-up through it hashes once.
    await register({ email, password: "p".repeat(1024), name: "Huge" }, { overrides: { hasher } });
    expect(hashes()).toBe(1);
  });

  test("a sign-in with a password over 1,024 characters is refused with 400", async () => {
    const account = await registerAccount();
    const res = await login(account.user.email, "p".repeat(1025));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });
});
