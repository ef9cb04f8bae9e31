import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { call, joinHousehold, jsonOf, registerAccount } from "../../../test/server-helpers";

const ts = "2026-11-24T10:00:00.000Z";
const item = (id: string, name: string) => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  name,
  quantity: 1,
  unit: null,
  category: null,
  checked: false,
  deletedAt: null,
});
const pref = (id: string, key: string) => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  key,
  value: { on: true },
  deletedAt: null,
});

async function seed(token: string, changes: Record<string, unknown[]>) {
  const res = await call("/api/sync/push", { token, body: { clientId: "seed", changes } });
  expect(res.status).toBe(200);
}

describe("data export", () => {
  test("a member downloads the household's rows, the members and only their own preferences", async () => {
    const owner = await registerAccount({ name: "Ada" });
    const other = await joinHousehold(owner, "Ben");
    await seed(owner.token, { shoppingItems: [item("milk", "Milk")], preferences: [pref("p-ada", "theme")] });
    await seed(other.token, { shoppingItems: [item("eggs", "Eggs")], preferences: [pref("p-ben", "theme")] });

    const res = await call("/api/household/export", { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="domus-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = await jsonOf<{
      household: { id: string };
      members: { name: string }[];
      tables: Record<string, { id: string }[]>;
    }>(res);
    expect(body.household.id).toBe(owner.household.id);
    expect(body.members.map((m) => m.name).sort()).toEqual(["Ada", "Ben"]);
    expect(body.tables.shoppingItems?.map((r) => r.id).sort()).toEqual(["eggs", "milk"]);
    expect(body.tables.preferences?.map((r) => r.id)).toEqual(["p-ada"]);
  });

  test("another household's rows never appear in an export", async () => {
    const a = await registerAccount();
    const b = await registerAccount();
    await seed(b.token, {
      notes: [{ id: "secret", createdAt: ts, updatedAt: ts, title: "B's", body: "", pinned: false, deletedAt: null }],
    });
    const body = await jsonOf<{ tables: Record<string, unknown[]> }>(
      await call("/api/household/export", { token: a.token }),
    );
    expect(body.tables.notes).toEqual([]);
  });

  test("exporting needs a session", async () => {
    expect((await call("/api/household/export")).status).toBe(401);
  });
});

describe("account deletion", () => {
  test("a member's preferences and sessions go, the household's rows stay for the others", async () => {
    const owner = await registerAccount({ name: "Ada" });
    const other = await joinHousehold(owner, "Ben");
    await seed(other.token, { shoppingItems: [item("bread", "Bread")], preferences: [pref("p-ben", "theme")] });

    const res = await call("/api/auth/delete-account", { token: other.token, body: { password: other.password } });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await call("/api/auth/me", { token: other.token })).status).toBe(401);
    const login = await call("/api/auth/login", { body: { email: other.user.email, password: other.password } });
    expect(login.status).toBe(401);

    const left = await jsonOf<{ members: { name: string }[]; tables: Record<string, { id: string }[]> }>(
      await call("/api/household/export", { token: owner.token }),
    );
    expect(left.members.map((m) => m.name)).toEqual(["Ada"]);
    expect(left.tables.shoppingItems?.map((r) => r.id)).toEqual(["bread"]);
    const prefs = await env.DB.prepare(`SELECT COUNT(*) AS n FROM preferences WHERE userId = ?`)
      .bind(other.user.id)
      .first<{ n: number }>();
    expect(prefs?.n).toBe(0);
  });

  test("the last member deleting their account removes the household and all its rows", async () => {
    const solo = await registerAccount();
    await seed(solo.token, { shoppingItems: [item("tea", "Tea")] });
    expect(
      (await call("/api/auth/delete-account", { token: solo.token, body: { password: solo.password } })).status,
    ).toBe(204);
    const household = await env.DB.prepare(`SELECT id FROM households WHERE id = ?`).bind(solo.household.id).first();
    expect(household).toBeNull();
    const rows = await env.DB.prepare(`SELECT COUNT(*) AS n FROM shoppingItems WHERE householdId = ?`)
      .bind(solo.household.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  test("a wrong password deletes nothing", async () => {
    const a = await registerAccount();
    const res = await call("/api/auth/delete-account", { token: a.token, body: { password: "not my password" } });
    expect(res.status).toBe(401);
    expect((await call("/api/auth/me", { token: a.token })).status).toBe(200);
  });

  test("every session of the account ends, not just the one that asked", async () => {
    const a = await registerAccount();
    const second = await jsonOf<{ token: string }>(
      await call("/api/auth/login", { body: { email: a.user.email, password: a.password } }),
    );
    await call("/api/auth/delete-account", { token: a.token, body: { password: a.password } });
    expect((await call("/api/auth/me", { token: second.token })).status).toBe(401);
  });
});
