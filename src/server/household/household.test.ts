import { describe, expect, test } from "vitest";
import { call, errorOf, joinHousehold, jsonOf, registerAccount } from "../../../test/server-helpers";
import type { HouseholdResponse, InviteResponse } from "../../core/protocol";

const invite = (token: string, options: Parameters<typeof call>[1] = {}) =>
  call("/api/household/invites", { method: "POST", token, ...options });

describe("inviting someone", () => {
  test("a member gets a code that is valid for 7 days", async () => {
    const owner = await registerAccount();
    const before = Date.now();
    const res = await invite(owner.token);
    expect(res.status).toBe(201);
    const body = await jsonOf<InviteResponse>(res);
    expect(Object.keys(body).sort()).toEqual(["code", "expiresAt"]);
    expect(body.code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(lifetime).toBeLessThan(7 * 86_400_000 + 60_000);
  });

  test("INVITE_TTL sets how long a code lives", async () => {
    const owner = await registerAccount();
    const res = await invite(owner.token, { env: { INVITE_TTL: "1h" } });
    const lifetime = Date.parse((await jsonOf<InviteResponse>(res)).expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(3_500_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
  });

  test("every invite is a different code", async () => {
    const owner = await registerAccount();
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await jsonOf<InviteResponse>(await invite(owner.token))).code);
    expect(codes.size).toBe(5);
  });

  test("a code shorter-lived than KV's 60-second minimum still expires on time", async () => {
    const owner = await registerAccount();
    const { code } = await jsonOf<InviteResponse>(await invite(owner.token, { env: { INVITE_TTL: "30s" } }));
    const res = await call("/api/auth/register", {
      body: { email: "late-joiner@example.com", password: "a good password", name: "Late", inviteCode: code },
      overrides: { now: () => Date.now() + 31_000 },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_invite");
  });

  test("someone signed out cannot create an invite", async () => {
    const res = await call("/api/household/invites", { method: "POST" });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });

  test("only the owner invites: a member who joined with an invite gets 403 and no code", async () => {
    const owner = await registerAccount();
    const member = await joinHousehold(owner, "Sam");
    const res = await invite(member.token);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("forbidden");
    const third = await joinHousehold(owner, "Kit");
    expect(third.household.id).toBe(owner.household.id);
  });
});

describe("the household", () => {
  test("lists both members to each of them, and nobody from other households", async () => {
    const owner = await registerAccount({ name: "Alex", householdName: "Willow Cottage" });
    const member = await joinHousehold(owner, "Sam");
    const stranger = await registerAccount({ name: "Stranger" });
    await joinHousehold(stranger, "Stranger's friend");

    for (const account of [owner, member]) {
      const res = await call("/api/household", { token: account.token });
      expect(res.status).toBe(200);
      const body = await jsonOf<HouseholdResponse>(res);
      expect(body.household).toEqual({ id: owner.household.id, name: "Willow Cottage" });
      expect(body.members).toHaveLength(2);
      expect(body.members).toEqual(expect.arrayContaining([owner.user, member.user]));
    }
  });

  test("members are listed without password hashes or other private fields", async () => {
    const owner = await registerAccount();
    const body = await jsonOf<HouseholdResponse>(await call("/api/household", { token: owner.token }));
    expect(body.members).toHaveLength(1);
    expect(Object.keys(body.members[0] ?? {}).sort()).toEqual(["email", "id", "name"]);
    expect(JSON.stringify(body)).not.toMatch(/\$2[aby]\$/);
  });

  test("a stranger sees only their own household", async () => {
    const owner = await registerAccount();
    await joinHousehold(owner);
    const stranger = await registerAccount();
    const body = await jsonOf<HouseholdResponse>(await call("/api/household", { token: stranger.token }));
    expect(body.household.id).toBe(stranger.household.id);
    expect(body.members).toEqual([stranger.user]);
  });

  test("someone signed out gets 401", async () => {
    const res = await call("/api/household");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });
});
