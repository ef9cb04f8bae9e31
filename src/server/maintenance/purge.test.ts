import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import type { FullResponse, PullResponse, PushResponse } from "../../core/protocol";
import { call, errorOf, jsonOf, registerAccount } from "../../../test/server-helpers";
import { runScheduled } from "./scheduled";

const DAY = 86_400_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const old = iso(now - 120 * DAY);
const item = (id: string, at: string, deletedAt: string | null = null) => ({
  id,
  createdAt: at,
  updatedAt: at,
  name: id,
  quantity: 1,
  unit: null,
  category: null,
  checked: false,
  deletedAt,
});

async function pullAll(token: string, cursor: string | null) {
  const res = await call("/api/sync/pull", { token, body: { cursor } });
  return { status: res.status, body: res.status === 200 ? await jsonOf<PullResponse>(res) : null, res };
}

describe("tombstone collection", () => {
  test("tombstones older than the retention period are purged; recent ones and live rows stay", async () => {
    const a = await registerAccount();
    await call("/api/sync/push", {
      token: a.token,
      body: {
        clientId: "d",
        changes: {
          shoppingItems: [item("gone", old, old), item("recent", iso(now - DAY), iso(now - DAY)), item("live", old)],
        },
      },
    });
    await runScheduled({ ...(env as unknown as Parameters<typeof runScheduled>[0]) }, now);
    const rows = await env.DB.prepare(
      `SELECT id, name, quantity, deletedAt, purgedAt FROM shoppingItems WHERE householdId = ? ORDER BY id`,
    )
      .bind(a.household.id)
      .all<Record<string, unknown>>();
    // The old tombstone keeps only its skeleton: the delete, no payload.
    expect(rows.results).toEqual([
      { id: "gone", name: null, quantity: null, deletedAt: old, purgedAt: iso(now) },
      { id: "live", name: "live", quantity: 1, deletedAt: null, purgedAt: null },
      { id: "recent", name: "recent", quantity: 1, deletedAt: iso(now - DAY), purgedAt: null },
    ]);
    expect((await pullAll(a.token, null)).body?.changes.shoppingItems?.map((r) => r.id).sort()).toEqual([
      "live",
      "recent",
    ]);
  });

  test("no push of any age brings a purged row back: it is answered stale with the skeleton", async () => {
    const a = await registerAccount();
    const created = { shoppingItems: [item("ghost", old)] };
    await call("/api/sync/push", { token: a.token, body: { clientId: "d", changes: created } });
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [{ id: "ghost", updatedAt: old, deletedAt: old }] } },
    });
    await runScheduled({ ...(env as unknown as Parameters<typeof runScheduled>[0]) }, now);
    const attempts = [
      item("ghost", old), // the creation, resent after a lost answer
      item("ghost", iso(now), null), // a complete copy from a device offline for months, stamped now
      { id: "ghost", updatedAt: iso(now), deletedAt: null, name: "Back?" }, // an explicit undo
    ];
    for (const row of attempts) {
      const res = await call("/api/sync/push", {
        token: a.token,
        body: { clientId: "d", changes: { shoppingItems: [row] } },
      });
      const body = await jsonOf<PushResponse>(res);
      expect(body.results.shoppingItems?.[0]).toMatchObject({ status: "stale", row: { id: "ghost", deletedAt: old } });
    }
    expect((await pullAll(a.token, null)).body?.changes.shoppingItems).toEqual([]);
    const stored = await env.DB.prepare(`SELECT name, deletedAt FROM shoppingItems WHERE householdId = ? AND id = ?`)
      .bind(a.household.id, "ghost")
      .first();
    expect(stored).toEqual({ name: null, deletedAt: old });
  });

  test("/full with a cursor from before a purge is refused before its push is stored", async () => {
    const a = await registerAccount();
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("x", old)] } },
    });
    const early = (await pullAll(a.token, null)).body!.cursor;
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("y", old, old)] } },
    });
    await runScheduled({ ...(env as unknown as Parameters<typeof runScheduled>[0]) }, now);
    const res = await call("/api/sync/full", {
      token: a.token,
      body: { clientId: "d", seq: 1, changes: { shoppingItems: [item("new", iso(now))] }, cursor: early },
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("resync_required");
    const fresh = await pullAll(a.token, null);
    expect(fresh.body?.changes.shoppingItems?.map((r) => r.id)).toEqual(["x"]);
    // The same numbered push, sent again with a fresh cursor, is applied: nothing was recorded for it.
    const retry = await call("/api/sync/full", {
      token: a.token,
      body: { clientId: "d", seq: 1, changes: { shoppingItems: [item("new", iso(now))] }, cursor: null },
    });
    expect(retry.status).toBe(200);
    expect((await jsonOf<FullResponse>(retry)).push.replayed).toBeUndefined();
  });

  test("the retention period comes from TOMBSTONE_RETENTION", async () => {
    const a = await registerAccount();
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("two-days", iso(now - 2 * DAY), iso(now - 2 * DAY))] } },
    });
    await runScheduled({ ...(env as unknown as Parameters<typeof runScheduled>[0]), TOMBSTONE_RETENTION: "1d" }, now);
    const row = await env.DB.prepare(`SELECT purgedAt FROM shoppingItems WHERE householdId = ?`)
      .bind(a.household.id)
      .first();
    expect(row).toEqual({ purgedAt: iso(now) });
  });

  test("a device whose cursor predates a purge is told to resync, and a fresh download is complete", async () => {
    const a = await registerAccount();
    // The device syncs once, then goes quiet while another device deletes an item.
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("first", old)] } },
    });
    const early = await pullAll(a.token, null);
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "e", changes: { shoppingItems: [item("later", old, old), item("kept", old)] } },
    });
    await runScheduled({ ...env }, now);

    const stale = await pullAll(a.token, early.body!.cursor);
    expect(stale.status).toBe(409);
    expect((await errorOf(stale.res)).code).toBe("resync_required");

    const fresh = await pullAll(a.token, null);
    expect(fresh.body?.changes.shoppingItems?.map((r) => r.id).sort()).toEqual(["first", "kept"]);
    // A cursor taken after the purge keeps working.
    const after = await pullAll(a.token, fresh.body!.cursor);
    expect(after.status).toBe(200);
  });

  test("a purge in one household does not force another household to resync", async () => {
    const a = await registerAccount();
    const b = await registerAccount();
    await call("/api/sync/push", {
      token: b.token,
      body: { clientId: "b", changes: { shoppingItems: [item("b1", old)] } },
    });
    const bCursor = (await pullAll(b.token, null)).body!.cursor;
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "a", changes: { shoppingItems: [item("a-gone", old, old)] } },
    });
    await runScheduled({ ...env }, now);
    expect((await pullAll(b.token, bCursor)).status).toBe(200);
  });
});

describe("tombstone collection across shards", () => {
  test("old tombstones are purged on every D1 database, not just the primary", async () => {
    const a = await registerAccount({ env: { SHARD_FOR_NEW_HOUSEHOLDS: "DB_SHARD_2" } });
    await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item("gone", old, old)] } },
    });
    await runScheduled({ ...(env as unknown as Parameters<typeof runScheduled>[0]) }, now);
    const row = await env.DB_SHARD_2.prepare(`SELECT name, purgedAt FROM shoppingItems WHERE householdId = ?`)
      .bind(a.household.id)
      .first();
    expect(row).toEqual({ name: null, purgedAt: iso(now) });
  });
});
