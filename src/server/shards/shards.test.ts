import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import type { PullResponse } from "../../core/protocol";
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
const onShard2 = { SHARD_FOR_NEW_HOUSEHOLDS: "DB_SHARD_2" };

async function count(db: D1Database, householdId: string): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM shoppingItems WHERE householdId = ?`)
    .bind(householdId)
    .first<{ n: number }>();
  return Number(row?.n ?? 0);
}

describe("households spread over two D1 databases", () => {
  test("a household placed on the second database keeps its rows there, and syncs as usual", async () => {
    const a = await registerAccount({ env: onShard2 });
    const push = await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("milk", "Milk")] } },
    });
    expect(push.status).toBe(200);
    expect(await count(env.DB_SHARD_2, a.household.id)).toBe(1);
    expect(await count(env.DB, a.household.id)).toBe(0);
    const pull = await jsonOf<PullResponse>(await call("/api/sync/pull", { token: a.token, body: { cursor: null } }));
    expect(pull.changes.shoppingItems?.map((r) => r.id)).toEqual(["milk"]);
    // The account itself lives in the primary database.
    const user = await env.DB.prepare(`SELECT id FROM users WHERE id = ?`).bind(a.user.id).first();
    expect(user).not.toBeNull();
  });

  test("a member who joins later, and every later sign-in, reach the same database", async () => {
    const owner = await registerAccount({ env: onShard2 });
    // The joiner registers with the default placement: joining follows the household, not the default.
    const joiner = await joinHousehold(owner, "Sam");
    await call("/api/sync/push", {
      token: joiner.token,
      body: { clientId: "j", changes: { shoppingItems: [item("eggs", "Eggs")] } },
    });
    expect(await count(env.DB_SHARD_2, owner.household.id)).toBe(1);
    const login = await jsonOf<{ token: string }>(
      await call("/api/auth/login", { body: { email: owner.user.email, password: owner.password } }),
    );
    const pull = await jsonOf<PullResponse>(
      await call("/api/sync/pull", { token: login.token, body: { cursor: null } }),
    );
    expect(pull.changes.shoppingItems?.map((r) => r.id)).toEqual(["eggs"]);
  });

  test("households on different databases never see each other's rows, even with the same row ids", async () => {
    const one = await registerAccount();
    const two = await registerAccount({ env: onShard2 });
    await call("/api/sync/push", {
      token: one.token,
      body: { clientId: "1", changes: { shoppingItems: [item("same", "One's")] } },
    });
    await call("/api/sync/push", {
      token: two.token,
      body: { clientId: "2", changes: { shoppingItems: [item("same", "Two's")] } },
    });
    const pullOne = await jsonOf<PullResponse>(
      await call("/api/sync/pull", { token: one.token, body: { cursor: null } }),
    );
    const pullTwo = await jsonOf<PullResponse>(
      await call("/api/sync/pull", { token: two.token, body: { cursor: null } }),
    );
    expect(pullOne.changes.shoppingItems?.map((r) => (r as { name?: string }).name)).toEqual(["One's"]);
    expect(pullTwo.changes.shoppingItems?.map((r) => (r as { name?: string }).name)).toEqual(["Two's"]);
  });

  test("export and account deletion work on the second database", async () => {
    const a = await registerAccount({ env: onShard2 });
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("tea", "Tea")] } },
    });
    const exported = await jsonOf<{ tables: Record<string, { id: string }[]> }>(
      await call("/api/household/export", { token: a.token }),
    );
    expect(exported.tables.shoppingItems?.map((r) => r.id)).toEqual(["tea"]);
    expect((await call("/api/auth/delete-account", { token: a.token, body: { password: a.password } })).status).toBe(
      204,
    );
    expect(await count(env.DB_SHARD_2, a.household.id)).toBe(0);
    expect(
      await env.DB_SHARD_2.prepare(`SELECT id FROM households WHERE id = ?`).bind(a.household.id).first(),
    ).toBeNull();
    expect(await env.DB.prepare(`SELECT id FROM households WHERE id = ?`).bind(a.household.id).first()).toBeNull();
  });

  test("a shard name with no binding is a configuration error, not a silent fallback", async () => {
    const res = await call("/api/auth/register", {
      env: { SHARD_FOR_NEW_HOUSEHOLDS: "DB_MISSING" },
      body: { email: `x-${crypto.randomUUID()}@example.com`, password: "correct horse battery", name: "X" },
    });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("at ");
  });
});
