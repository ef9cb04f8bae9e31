import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, errorOf, joinHousehold, jsonOf, registerAccount, uniqueEmail } from "../../../test/server-helpers";
import { mailFor } from "../../../test/mailbox";
import type { InvitesResponse } from "../../core/account-protocol";
import type { HouseholdResponse, InviteResponse } from "../../core/protocol";

const post = (path: string, token: string, body?: unknown) => call(path, { method: "POST", token, body });
const household = async (token: string) => jsonOf<HouseholdResponse>(await call("/api/household", { token }));

describe("every owner-only endpoint refuses a member with 403 and changes nothing", () => {
  test("rename, invite, list and revoke invites, hand over, remove", async () => {
    const owner = await registerAccount({ householdName: "Willow" });
    const member = await joinHousehold(owner, "Sam");
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token, {}));
    const attempts: [string, string, unknown][] = [
      ["POST", "/api/household/rename", { name: "Mine now" }],
      ["POST", "/api/household/invites", {}],
      ["GET", "/api/household/invites", undefined],
      ["POST", "/api/household/invites/revoke", { code }],
      ["POST", "/api/household/transfer", { userId: member.user.id }],
      ["POST", "/api/household/remove-member", { userId: owner.user.id }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(path, { method, token: member.token, body });
      expect(res.status, path).toBe(403);
      expect((await errorOf(res)).code).toBe("forbidden");
    }
    const after = await household(owner.token);
    expect(after.household.name).toBe("Willow");
    expect(after.ownerId).toBe(owner.user.id);
    expect(after.members).toHaveLength(2);
    const invites = await jsonOf<InvitesResponse>(await call("/api/household/invites", { token: owner.token }));
    expect(invites.invites.map((i) => i.code)).toEqual([code]);
  });

  test("signed out: 401 on every new endpoint", async () => {
    for (const [method, path] of [
      ["GET", "/api/household/invites"],
      ["POST", "/api/household/invites/revoke"],
      ["POST", "/api/household/rename"],
      ["POST", "/api/household/transfer"],
      ["POST", "/api/household/remove-member"],
      ["POST", "/api/household/leave"],
      ["POST", "/api/household/join"],
      ["POST", "/api/auth/change-password"],
      ["POST", "/api/auth/resend-verification"],
      ["GET", "/api/auth/sessions"],
      ["POST", "/api/auth/sessions/revoke"],
      ["POST", "/api/auth/sessions/revoke-others"],
    ] as const) {
      const res = await call(path, { method, body: method === "POST" ? {} : undefined });
      expect(res.status, path).toBe(401);
    }
  });
});

describe("the owner", () => {
  test("renames the household; bad names are 400", async () => {
    const owner = await registerAccount({ householdName: "Willow" });
    const member = await joinHousehold(owner);
    const res = await post("/api/household/rename", owner.token, { name: "  Oak House " });
    expect(res.status).toBe(200);
    expect((await household(member.token)).household.name).toBe("Oak House");
    for (const body of [{}, { name: "" }, { name: "x".repeat(101) }, { name: 5 }, { name: "ok", extra: true }]) {
      const bad = await post("/api/household/rename", owner.token, body);
      expect(bad.status).toBe(400);
      expect((await errorOf(bad)).code).toBe("invalid_request");
    }
    expect((await household(owner.token)).household.name).toBe("Oak House");
  });

  test("hands over ownership: the new owner may manage, the old one no longer", async () => {
    const owner = await registerAccount();
    const member = await joinHousehold(owner, "Sam");
    const res = await post("/api/household/transfer", owner.token, { userId: member.user.id });
    expect(res.status).toBe(200);
    expect((await household(member.token)).role).toBe("owner");
    expect((await household(owner.token)).role).toBe("member");
    expect((await post("/api/household/rename", owner.token, { name: "Nope" })).status).toBe(403);
    expect((await post("/api/household/rename", member.token, { name: "Sam's" })).status).toBe(200);
  });

  test("cannot hand over to, or remove, someone outside the household or themself", async () => {
    const owner = await registerAccount();
    const stranger = await registerAccount();
    for (const path of ["/api/household/transfer", "/api/household/remove-member"]) {
      const outside = await post(path, owner.token, { userId: stranger.user.id });
      expect(outside.status).toBe(404);
      const self = await post(path, owner.token, { userId: owner.user.id });
      expect(self.status).toBe(409);
      const bad = await post(path, owner.token, { userId: "" });
      expect(bad.status).toBe(400);
    }
    expect((await household(stranger.token)).members).toHaveLength(1);
  });

  test("removes a member: their session answers for a new household of their own at once, and sync says why", async () => {
    const owner = await registerAccount({ householdName: "Willow" });
    const member = await joinHousehold(owner, "Sam");
    const res = await post("/api/household/remove-member", owner.token, { userId: member.user.id });
    expect(res.status).toBe(200);
    expect((await jsonOf<HouseholdResponse>(res)).members.map((m) => m.id)).toEqual([owner.user.id]);
    const theirs = await household(member.token);
    expect(theirs.household.id).not.toBe(owner.household.id);
    expect(theirs.members.map((m) => m.id)).toEqual([member.user.id]);
    expect(theirs.role).toBe("owner");
    const sync = await call("/api/sync/pull", {
      token: member.token,
      body: { cursor: null },
      headers: { "x-domus-household": owner.household.id },
    });
    expect(sync.status).toBe(409);
    const err = await errorOf(sync);
    expect(err.code).toBe("household_changed");
    expect(err.message).toContain("You were removed from Willow");
    expect(err.details).toMatchObject({ reason: "removed", household: { id: theirs.household.id } });
  });
});

describe("leaving", () => {
  test("a member leaves into a new empty household; the others stay", async () => {
    const owner = await registerAccount();
    const member = await joinHousehold(owner, "Sam");
    const res = await post("/api/household/leave", member.token);
    expect(res.status).toBe(200);
    const { household: own } = await jsonOf<{ household: { id: string; name: string } }>(res);
    expect(own.name).toBe("Sam's home");
    expect((await household(member.token)).household.id).toBe(own.id);
    expect((await household(owner.token)).members.map((m) => m.id)).toEqual([owner.user.id]);
  });

  test("an owner who leaves hands the household to the longest-standing member", async () => {
    const owner = await registerAccount();
    const first = await joinHousehold(owner, "First");
    await joinHousehold(owner, "Second");
    expect((await post("/api/household/leave", owner.token)).status).toBe(200);
    const h = await household(first.token);
    expect(h.ownerId).toBe(first.user.id);
    expect(h.members).toHaveLength(2);
  });

  test("leaving four times at once moves the member once and leaves no empty household behind", async () => {
    const owner = await registerAccount();
    const member = await joinHousehold(owner, "Sam");
    const answers = await Promise.all([1, 2, 3, 4].map(() => post("/api/household/leave", member.token)));
    const statuses = answers.map((r) => r.status).toSorted();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200)).toEqual([409, 409, 409]);
    const { results } = await env.DB.prepare(`SELECT id FROM households WHERE ownerId = ?`)
      .bind(member.user.id)
      .all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual([(await household(member.token)).household.id]);
  });

  test("the last member leaving removes the household and its invites", async () => {
    const owner = await registerAccount();
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    expect((await post("/api/household/leave", owner.token)).status).toBe(200);
    const joined = await call("/api/auth/register", {
      body: { email: uniqueEmail(), password: "a fine password", name: "Late", inviteCode: code },
    });
    expect(joined.status).toBe(400);
    expect((await errorOf(joined)).code).toBe("invalid_invite");
  });
});

describe("invites", () => {
  test("an invite outlives its creator's account, and dies with the household", async () => {
    const owner = await registerAccount();
    const member = await joinHousehold(owner);
    await post("/api/household/transfer", owner.token, { userId: member.user.id });
    const newOwner = member;
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", newOwner.token));
    // The creator (now owner) deletes their account; the invite stays with the household.
    await post("/api/household/transfer", newOwner.token, { userId: owner.user.id });
    expect((await post("/api/auth/delete-account", newOwner.token, { password: newOwner.password })).status).toBe(204);
    const joined = await registerAccount({ inviteCode: code });
    expect(joined.household.id).toBe(owner.household.id);
  });

  test("list shows pending codes with their creator and expiry; revoke makes a code fail", async () => {
    const owner = await registerAccount({ name: "Alex" });
    const a = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    const b = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    const list = await jsonOf<InvitesResponse>(await call("/api/household/invites", { token: owner.token }));
    expect(list.invites.map((i) => i.code).sort()).toEqual([a.code, b.code].sort());
    expect(list.invites[0]).toMatchObject({ createdBy: { id: owner.user.id, name: "Alex" }, email: null });
    expect((await post("/api/household/invites/revoke", owner.token, { code: a.code })).status).toBe(204);
    expect((await post("/api/household/invites/revoke", owner.token, { code: a.code })).status).toBe(404);
    const other = await registerAccount();
    expect((await post("/api/household/invites/revoke", other.token, { code: b.code })).status).toBe(404);
    expect((await post("/api/household/invites/revoke", owner.token, {})).status).toBe(400);
    const res = await call("/api/auth/register", {
      body: { email: uniqueEmail(), password: "a fine password", name: "X", inviteCode: a.code },
    });
    expect((await errorOf(res)).code).toBe("invalid_invite");
    expect((await registerAccount({ inviteCode: b.code })).household.id).toBe(owner.household.id);
  });

  test("inviting by email sends a /join/<code> link naming the household", async () => {
    const owner = await registerAccount({ name: "Alex", householdName: "Willow" });
    const to = uniqueEmail("friend");
    const res = await post("/api/household/invites", owner.token, { email: to });
    expect(res.status).toBe(201);
    const { code } = await jsonOf<InviteResponse>(res);
    const [mail] = await mailFor(to);
    expect(mail?.subject).toBe("Alex invited you to Willow on Domus");
    expect(mail?.text).toContain(`http://127.0.0.1:8787/join/${code}`);
    expect((await post("/api/household/invites", owner.token, { email: "nope" })).status).toBe(400);
  });

  test("eight parallel sign-ups with one code: exactly one joins, the code is then used up", async () => {
    const owner = await registerAccount();
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call("/api/auth/register", {
          body: { email: uniqueEmail(`p${i}`), password: "a fine password", name: `P${i}`, inviteCode: code },
          headers: { "cf-connecting-ip": `10.44.0.${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(7);
    expect((await household(owner.token)).members).toHaveLength(2);
  });

  test("a sign-up that fails (email taken) frees the code for the next person", async () => {
    const owner = await registerAccount();
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    const taken = await call("/api/auth/register", {
      body: { email: owner.user.email, password: "a fine password", name: "Dup", inviteCode: code },
    });
    expect(taken.status).toBe(409);
    expect((await registerAccount({ inviteCode: code })).household.id).toBe(owner.household.id);
  });

  test("invite creation is rate-limited per household", async () => {
    const owner = await registerAccount();
    const env = { RATE_LIMIT_INVITES_PER_HOUSEHOLD: "2/1h" };
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call("/api/household/invites", { method: "POST", token: owner.token, env })).status);
    expect(statuses).toEqual([201, 201, 429]);
  });

  test("a signed-in user of another household joins with a code; their old household goes if empty", async () => {
    const owner = await registerAccount({ householdName: "Willow" });
    const other = await registerAccount({ name: "Kit" });
    const { code } = await jsonOf<InviteResponse>(await post("/api/household/invites", owner.token));
    const res = await post("/api/household/join", other.token, { code });
    expect(res.status).toBe(200);
    expect((await household(other.token)).household.id).toBe(owner.household.id);
    expect((await post("/api/household/join", other.token, { code })).status).toBe(400);
    expect((await post("/api/household/join", other.token, {})).status).toBe(400);
    const sync = await call("/api/sync/status", {
      token: other.token,
      headers: { "x-domus-household": other.household.id },
    });
    expect((await errorOf(sync)).code).toBe("household_changed");
  });
});
