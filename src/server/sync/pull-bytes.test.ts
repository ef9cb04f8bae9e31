import { describe, expect, test } from "vitest";
import type { PullResponse } from "../../core/protocol";
import { TABLE_NAMES } from "../../core/tables";
import { call, jsonOf, registerAccount } from "../../../test/server-helpers";
import { MANY_CALLS, at, decodePull, note, push, shoppingItem, task } from "../../../test/sync-test-kit";

// Issue 9.4: what a pull READS is bounded by bytes, not only what it returns.

const BIG = "x".repeat(90_000);

async function pullPage(token: string, cursor: string | null, env: Record<string, string>) {
  const res = await call("/api/sync/pull", { token, env, body: { cursor, limit: 5_000 } });
  expect(res.status).toBe(200);
  return { page: decodePull(await jsonOf<PullResponse>(res)), rowsRead: Number(res.headers.get("x-d1-rows-read")) };
}

describe("pull pages bounded by bytes", () => {
  test("a page of big notes reads only about what its byte budget holds, not `limit` rows", async () => {
    const a = await registerAccount();
    for (let start = 0; start < 30; start += 10) {
      const notes = Array.from({ length: 10 }, (_, k) => note(`n${start + k}`, at(start + k), { body: BIG }));
      expect((await push(a, { notes }, { env: MANY_CALLS })).status).toBe(200);
    }
    const env = { ...MANY_CALLS, PULL_PAGE_BYTES: "400000" };
    const { page, rowsRead } = await pullPage(a.token, null, env);
    const notes = page.changes.notes ?? [];
    // 400 KB holds four notes of 90 KB; the page stops there and says more follow.
    expect(notes.map((n) => n.id)).toEqual(["n0", "n1", "n2", "n3"]);
    expect(page.hasMore).toBe(true);
    expect(page.remaining).toBe(26);
    // Reading 5,000 (or all 30) notes to cut the page afterwards would read 30 notes; the batches
    // read a note at a time here (a note may take 300 KB). The count of what remains reads one index
    // entry per remaining change (never the row), and the household row and each table a couple.
    expect(rowsRead - page.remaining).toBeLessThan(6 + 2 * TABLE_NAMES.length);
  });

  test("a small budget pages through several tables in version order, every row exactly once", async () => {
    const a = await registerAccount();
    const rows: string[] = [];
    for (let i = 0; i < 12; i++) {
      const table = ["tasks", "shoppingItems", "notes"][i % 3]!;
      const id = `r${i}`;
      const row =
        table === "tasks"
          ? task(id, at(i))
          : table === "shoppingItems"
            ? shoppingItem(id, at(i))
            : note(id, at(i), { body: "y".repeat(2_000 * (i % 4)) });
      expect((await push(a, { [table]: [row] }, { env: MANY_CALLS })).status).toBe(200);
      rows.push(`${table}/${id}`);
    }
    const env = { ...MANY_CALLS, PULL_PAGE_BYTES: "3000" };
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const { page } = await pullPage(a.token, cursor, env);
      const got = Object.entries(page.changes).flatMap(([t, list]) => list.map((r) => ({ key: `${t}/${r.id}`, r })));
      expect(got.length).toBeGreaterThan(0);
      // Rows were pushed one by one, so version order is push order.
      seen.push(...got.sort((x, y) => rows.indexOf(x.key) - rows.indexOf(y.key)).map((g) => g.key));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(rows);
  });
});
