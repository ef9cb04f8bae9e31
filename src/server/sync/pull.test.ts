import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import type { FullResponse, PullResponse } from "../../core/protocol";
import { TABLE_NAMES } from "../../core/tables";
import { call, jsonOf, joinHousehold, registerAccount } from "../../../test/server-helpers";
import {
  MANY_CALLS,
  at,
  byId,
  note,
  preference,
  pull,
  push,
  shoppingItem,
  status,
  task,
} from "../../../test/sync-test-kit";

describe("the pull cursor is the server's sequence, not a clock", () => {
  test("a push with an old timestamp that arrives after my pull is still pulled by me", async () => {
    const me = await registerAccount();
    const offline = await joinHousehold(me);
    await push(me, { tasks: [task("recent", at(60_000))] });
    const mine = await pull(me, null);
    // A device that was offline all along pushes an edit it made an hour earlier.
    await push(offline, { tasks: [task("written-offline", at(0))] });
    const next = await pull(me, mine.cursor);
    expect(next.changes.tasks?.map((t) => t.id)).toEqual(["written-offline"]);
    expect(next.cursor).not.toBe(mine.cursor);
  });

  test("an empty pull keeps the cursor, and every table is present", async () => {
    const a = await registerAccount();
    const first = await pull(a, null);
    expect(first).toMatchObject({ hasMore: false, remaining: 0 });
    expect(first.changes).toEqual(Object.fromEntries(TABLE_NAMES.map((t) => [t, []])));
    expect((await pull(a, first.cursor)).cursor).toBe(first.cursor);
  });

  test("one page carries changes of every table in the order they happened", async () => {
    const a = await registerAccount();
    await push(a, { notes: [note("n", at(0))], tasks: [task("t", at(0))] });
    await push(a, { preferences: [preference("p", at(0))], shoppingItems: [shoppingItem("s", at(0))] });
    const page = await pull(a, null);
    expect(Object.values(page.changes).flat().length).toBe(4);
    const one = await pull(a, null, { limit: 1 });
    expect(one.changes.notes?.map((n) => n.id)).toEqual(["n"]);
    expect(one.remaining).toBe(3);
  });

  test("a cursor this server did not issue is a 400, and one ahead of the household asks for a resync", async () => {
    const a = await registerAccount();
    for (const cursor of ["v1.x", "42", "", "v1.01"]) {
      const res = await call("/api/sync/pull", { token: a.token, body: { cursor } });
      expect(res.status).toBe(400);
    }
    const ahead = await call("/api/sync/pull", { token: a.token, body: { cursor: "v1.999999" } });
    expect(ahead.status).toBe(409);
    expect(await jsonOf(ahead)).toMatchObject({ error: { code: "resync_required" } });
  });

  test("a cursor older than a purged tombstone asks for a resync; from null it is fine", async () => {
    const a = await registerAccount();
    await push(a, { tasks: [task("t1", at(0)), task("t2", at(0)), task("t3", at(0))] });
    const early = await pull(a, null, { limit: 1 });
    const late = await pull(a, null);
    await env.DB.prepare(`UPDATE households SET purgedSeq = 2 WHERE id = ?`).bind(a.household.id).run();
    const res = await call("/api/sync/pull", { token: a.token, body: { cursor: early.cursor } });
    expect(res.status).toBe(409);
    expect(await jsonOf(res)).toMatchObject({ error: { code: "resync_required" } });
    expect((await pull(a, late.cursor)).hasMore).toBe(false);
    expect(Object.values((await pull(a, null)).changes).flat()).toHaveLength(3);
  });
});

describe("paging", () => {
  async function seed2500() {
    const a = await registerAccount();
    const rows = (prefix: string, n: number, make: typeof task) =>
      Array.from({ length: n }, (_, i) => make(`${prefix}-${i}`, at(i)));
    const res = await push(
      a,
      {
        tasks: rows("t", 900, task),
        shoppingItems: rows("s", 800, shoppingItem),
        notes: rows("n", 500, note),
        preferences: rows("p", 300, preference),
      },
      { env: MANY_CALLS },
    );
    expect(
      Object.values(res.body.results)
        .flat()
        .every((r) => r.status === "applied"),
    ).toBe(true);
    return a;
  }

  async function pullPass(who: Parameters<typeof pull>[0], limit: number) {
    const pages: PullResponse[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await pull(who, cursor, { limit, env: MANY_CALLS });
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) return pages;
    }
  }

  test("2,500 rows arrive exactly once in pages of 97, remaining counting down to 0", async () => {
    const a = await seed2500();
    const pages = await pullPass(a, 97);
    expect(pages).toHaveLength(Math.ceil(2500 / 97));
    const ids = pages.flatMap((p) => Object.entries(p.changes).flatMap(([t, rows]) => rows.map((r) => `${t}/${r.id}`)));
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    let seen = 0;
    for (const page of pages) {
      const n = Object.values(page.changes).flat().length;
      expect(n).toBe(Math.min(97, 2500 - seen));
      seen += n;
      expect(page.remaining).toBe(2500 - seen);
      expect(page.hasMore).toBe(seen < 2500);
    }
  });

  test("pages of one row also visit every row exactly once, and a row edited mid-pass comes again", async () => {
    const a = await registerAccount();
    await push(a, {
      tasks: [task("t1", at(0)), task("t2", at(0))],
      notes: [note("n1", at(0))],
      shoppingItems: [shoppingItem("s1", at(0))],
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: PullResponse = await pull(a, cursor, { limit: 1 });
      seen.push(
        ...Object.values(page.changes).flatMap((rows) => rows.map((r) => `${r.id}:${String(r.title ?? r.name)}`)),
      );
      cursor = page.cursor;
      if (i === 1) await push(a, { tasks: [{ id: "t1", updatedAt: at(5), title: "Edited" }] });
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(["t1:Take the bins out", "t2:Take the bins out", "n1:Wifi", "s1:Milk", "t1:Edited"]);
  });

  test("remaining stays exact when another device writes in the middle of a pass", async () => {
    const a = await registerAccount();
    await push(a, { tasks: Array.from({ length: 10 }, (_, i) => task(`t${i}`, at(i))) });
    const first = await pull(a, null, { limit: 3 });
    expect(first.remaining).toBe(7);
    await push(a, { notes: [note("late", at(0))], tasks: [{ id: "t0", updatedAt: at(50), title: "Again" }] });
    const second = await pull(a, first.cursor, { limit: 3 });
    expect(second.remaining).toBe(6); // t6..t9, the note and t0 again, less this page
    const third = await pull(a, second.cursor, { limit: 3 });
    expect(third.remaining).toBe(3);
  });

  test("a forged mid-pass cursor cannot make remaining absurd", async () => {
    const a = await registerAccount();
    await push(a, { tasks: Array.from({ length: 5 }, (_, i) => task(`t${i}`, at(i))) });
    const first = await pull(a, null, { limit: 2 });
    const [version, seq] = first.cursor.slice(3).split(".");
    for (const fake of ["0", "999999999"]) {
      const page = await pull(a, `v1.${version}.${seq}.${fake}`, { limit: 1 });
      expect(page.remaining).toBeGreaterThanOrEqual(1);
      expect(page.remaining).toBeLessThanOrEqual(5);
    }
  });

  test("a limit outside 1..5,000 is a 400", async () => {
    const a = await registerAccount();
    for (const limit of [0, -1, 5001, 1.5, "10"]) {
      const res = await call("/api/sync/pull", { token: a.token, body: { cursor: null, limit } });
      expect(res.status).toBe(400);
    }
  });
});

describe("/api/sync/full and sync status", () => {
  test("full with a bad cursor is a 400 that applies nothing", async () => {
    const a = await registerAccount();
    const res = await call("/api/sync/full", {
      token: a.token,
      body: { clientId: "a-phone", changes: { tasks: [task("t", at(0))] }, cursor: "v2.0" },
    });
    expect(res.status).toBe(400);
    expect((await pull(a, null)).changes.tasks).toEqual([]);
  });

  test("full pushes and pulls in one round trip", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(b, { notes: [note("from-b", at(0))] });
    const res = await call("/api/sync/full", {
      token: a.token,
      body: { clientId: "a-phone", changes: { tasks: [task("from-a", at(1))] }, cursor: null, limit: 10 },
    });
    expect(res.status).toBe(200);
    const body = await jsonOf<FullResponse>(res);
    expect(body.push.results.tasks).toEqual([{ id: "from-a", status: "applied" }]);
    expect(byId(body.pull, "notes").has("from-b")).toBe(true);
    expect(byId(body.pull, "tasks").has("from-a")).toBe(true);
    expect(body.pull.hasMore).toBe(false);
  });

  test("status records, per table, when I last pushed and pulled, separately for each member", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    const before = await status(a);
    expect(before.tables.tasks).toEqual({ lastPushAt: null, lastPullAt: null, lastSyncAt: null, conflictCount: 0 });
    const pushed = await push(a, { tasks: [task("t", at(0))] });
    const afterPush = await status(a);
    expect(afterPush.tables.tasks).toMatchObject({ lastPushAt: pushed.body.serverTime, lastPullAt: null });
    expect(afterPush.tables.notes?.lastPushAt).toBeNull();
    const pulled = await pull(a, null);
    const afterPull = await status(a);
    for (const t of TABLE_NAMES) {
      expect(afterPull.tables[t]).toMatchObject({ lastPullAt: pulled.serverTime, lastSyncAt: pulled.serverTime });
    }
    expect(afterPull.tables.tasks?.lastPushAt).toBe(pushed.body.serverTime);
    expect((await status(b)).tables.tasks?.lastPushAt).toBeNull();
    const rows = await env.DB.prepare(
      `SELECT userId, householdId, tableName FROM sync_metadata WHERE householdId = ? ORDER BY tableName`,
    )
      .bind(a.household.id)
      .all();
    expect(rows.results).toHaveLength(TABLE_NAMES.length);
    expect(rows.results.every((r) => r.userId === a.user.id)).toBe(true);
  });
});
