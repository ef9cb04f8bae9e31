import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { quotaRecount } from "../../core/ddl";
import type { TableDef } from "../../core/define-table";
import { TABLES } from "../../core/tables";
import type { PullResponse, PushResponse, StatusResponse } from "../../core/protocol";
import { type Account, call, jsonOf, registerAccount } from "../../../test/server-helpers";
import { MANY_CALLS, at, note, pull, shoppingItem, task } from "../../../test/sync-test-kit";

// Per-household quotas (rows and bytes, counted by triggers as rows change) and pull pages bounded
// by bytes, on real local D1.

async function pushRows(who: Account, changes: Record<string, unknown[]>, env: Record<string, string>) {
  const res = await call("/api/sync/push", { token: who.token, body: { clientId: "d", changes }, env });
  expect(res.status).toBe(200);
  return jsonOf<PushResponse>(res);
}

async function usage(who: Account, env: Record<string, string> = {}) {
  return (await jsonOf<StatusResponse>(await call("/api/sync/status", { token: who.token, env }))).usage;
}

const items = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => shoppingItem(`${prefix}${i}`, at(i)));

describe("household quotas", () => {
  test("a push past the row quota applies what fits and rejects the rest per row", async () => {
    const env = { HOUSEHOLD_MAX_ROWS: "3" };
    const a = await registerAccount();
    const res = await pushRows(a, { shoppingItems: items("i", 5) }, env);
    expect(res.results.shoppingItems?.map((r) => r.status)).toEqual([
      "applied",
      "applied",
      "applied",
      "rejected",
      "rejected",
    ]);
    expect(res.results.shoppingItems?.[3]).toMatchObject({ code: "quota_exceeded", reason: /storage limit/ });
    expect(await usage(a, env)).toMatchObject({ rows: 3, maxRows: 3 });
    // Edits of existing rows and deletes still go through; a delete makes room for a new row.
    const edit = await pushRows(a, { shoppingItems: [{ id: "i0", updatedAt: at(50), quantity: 2 }] }, env);
    expect(edit.results.shoppingItems?.[0]?.status).toBe("applied");
    await pushRows(a, { shoppingItems: [{ id: "i1", updatedAt: at(60), deletedAt: at(60) }] }, env);
    const again = await pushRows(a, { shoppingItems: items("j", 2) }, env);
    expect(again.results.shoppingItems?.map((r) => r.status)).toEqual(["applied", "rejected"]);
  });

  test("the byte quota counts what is stored, and usage is reported", async () => {
    const a = await registerAccount();
    const big = (id: string) => note(id, at(0), { body: "x".repeat(4_000) });
    const env = { HOUSEHOLD_MAX_BYTES: "10000" };
    const res = await pushRows(a, { notes: [big("n1"), big("n2"), big("n3")] }, env);
    expect(res.results.notes?.map((r) => r.status)).toEqual(["applied", "applied", "rejected"]);
    const u = await usage(a, env);
    expect(u.bytes).toBeGreaterThan(8_000);
    expect(u.bytes).toBeLessThanOrEqual(10_000);
    expect(u).toMatchObject({ rows: 2, maxBytes: 10_000, maxRows: 100_000 });
  });

  test("a repeating chore's rule and rotation count toward the byte quota", async () => {
    const [plain, repeating] = [await registerAccount(), await registerAccount()];
    const repeat = { every: 1, unit: "week", from: "due" };
    const rotation = { mode: "round-robin", members: [repeating.user.id] };
    await pushRows(plain, { tasks: [task("chore", at(0), { dueDate: "2026-03-02" })] }, {});
    const res = await pushRows(
      repeating,
      { tasks: [task("chore", at(0), { dueDate: "2026-03-02", repeat, rotation })] },
      {},
    );
    expect(res.results.tasks?.[0]?.status).toBe("applied");
    const extra = (await usage(repeating)).bytes - (await usage(plain)).bytes;
    expect(extra).toBeGreaterThanOrEqual(JSON.stringify(repeat).length + JSON.stringify(rotation).length);
    // A fresh count (what a migration runs when the formula changes) agrees with the triggers' tally.
    const before = [await usage(plain), await usage(repeating)];
    for (const db of [env.DB, env.DB_SHARD_2])
      await db.prepare(quotaRecount(Object.values(TABLES) as TableDef[])).run();
    expect([await usage(plain), await usage(repeating)]).toEqual(before);
  });

  test("parallel pushes never take a household past its quota together", async () => {
    const env = { HOUSEHOLD_MAX_ROWS: "10", ...MANY_CALLS };
    const a = await registerAccount();
    const answers = await Promise.all(
      ["p", "q", "r", "s"].map((prefix) => pushRows(a, { shoppingItems: items(prefix, 5) }, env)),
    );
    const applied = answers.flatMap((r) => r.results.shoppingItems ?? []).filter((r) => r.status === "applied");
    expect(applied).toHaveLength(10);
    expect((await usage(a, env)).rows).toBe(10);
    const all = await pull(a, null, { limit: 5_000 });
    expect(all.changes.shoppingItems).toHaveLength(10);
  });
});

describe("pull pages bounded by bytes", () => {
  test("a page stops at the byte budget, always holds one row, and the pass returns every row once", async () => {
    const env = { PULL_PAGE_BYTES: "5000", ...MANY_CALLS };
    const a = await registerAccount();
    const notes = Array.from({ length: 10 }, (_, i) => note(`n${i}`, at(i), { body: "y".repeat(2_000) }));
    notes.push(note("huge", at(20), { body: "z".repeat(20_000) }));
    await pushRows(a, { notes }, env);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await call("/api/sync/pull", { token: a.token, body: { cursor, limit: 1000 }, env });
      const page = await jsonOf<PullResponse>(res);
      const ids = (page.changes.notes ?? []).map((r) => r.id);
      expect(ids.length).toBeGreaterThanOrEqual(page.hasMore ? 1 : 0);
      expect(JSON.stringify(page).length < 5_000 + 3_000 || ids.length === 1).toBe(true);
      seen.push(...ids);
      pages++;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(seen).toEqual([...notes.map((n) => n.id)]);
  });
});
