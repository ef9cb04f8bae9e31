import { env } from "cloudflare:workers";
import { expect, test } from "vitest";
import { quoteIdent as q, tsColumn } from "../src/core/ddl";
import { shoppingItems } from "../src/core/tables";
import type { PullResponse } from "../src/core/protocol";
import { createPasswordHasher } from "../src/server/auth/passwords";
import { createD1RowStore } from "../src/server/sync/row-store";
import { call, jsonOf, registerAccount } from "../test/server-helpers";
import { report } from "./report";

const ROWS = 10_000;
const PUSH_BATCH = 500;
const ts = (i: number) => new Date(Date.UTC(2026, 10, 1) + i).toISOString();

function item(i: number) {
  return {
    id: `item-${String(i).padStart(6, "0")}`,
    createdAt: ts(i),
    updatedAt: ts(i),
    name: `Item number ${i}`,
    quantity: (i % 5) + 1,
    unit: i % 2 ? "pcs" : "kg",
    category: `aisle ${i % 12}`,
    checked: i % 3 === 0,
    deletedAt: null,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** The floor: the same rows by a bare db.batch of prepared INSERTs, read back by one SELECT. */
async function floor(householdId: string) {
  const fields = shoppingItems.mergeFields;
  const cols = [
    "householdId",
    "id",
    "userId",
    "createdAt",
    "updatedAt",
    "syncedAt",
    "version",
    ...fields.flatMap((f) => [f, tsColumn(f)]),
  ];
  const sql = `INSERT INTO ${q("shoppingItems")} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`;
  const insert = await timed(async () => {
    for (let start = 0; start < ROWS; start += PUSH_BATCH) {
      const statements = [];
      for (let i = start; i < start + PUSH_BATCH; i++) {
        const r = item(i);
        const values = [householdId, r.id, "floor", r.createdAt, r.updatedAt, r.updatedAt, i + 1];
        for (const f of fields) {
          const def = shoppingItems.fieldDefs[f]!;
          values.push(def.encode((r as Record<string, unknown>)[f]) as never, r.updatedAt as never);
        }
        statements.push(env.DB.prepare(sql).bind(...values));
      }
      await env.DB.batch(statements);
    }
  });
  const select = await timed(async () => {
    const { results } = await env.DB.prepare(
      `SELECT ${cols.map(q).join(", ")} FROM ${q("shoppingItems")} WHERE ${q("householdId")} = ? ORDER BY ${q("version")}`,
    )
      .bind(householdId)
      .all();
    return results.length;
  });
  expect(select.value).toBe(ROWS);
  return { insertMs: insert.ms, selectMs: select.ms };
}

test("server sync throughput against the D1 floor", async () => {
  const floorResult = await floor("floor-household");

  const account = await registerAccount();
  const push = await timed(async () => {
    for (let start = 0; start < ROWS; start += PUSH_BATCH) {
      const rows = Array.from({ length: PUSH_BATCH }, (_, k) => item(start + k));
      const res = await call("/api/sync/push", {
        token: account.token,
        body: { clientId: "bench", changes: { shoppingItems: rows } },
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });

  const pull = await timed(async () => {
    let cursor: string | null = null;
    let received = 0;
    for (;;) {
      const res = await call("/api/sync/pull", { token: account.token, body: { cursor, limit: 5000 } });
      const page = await jsonOf<PullResponse>(res);
      received += Object.values(page.changes).reduce((n, rows) => n + rows.length, 0);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return { received, cursor };
  });
  expect(pull.value.received).toBe(ROWS);

  const store = createD1RowStore(env.DB);
  const scope = { householdId: account.household.id, userId: account.user.id };
  const empty = await store.pull(scope, Number(pull.value.cursor!.slice(3)), 1000);
  const emptyHttp = await timed(() =>
    call("/api/sync/pull", { token: account.token, body: { cursor: pull.value.cursor } }),
  );

  const hasher = createPasswordHasher({ pepper: "bench-pepper-0123456789abcdef0123456789abcdef", cost: 10 });
  const bcrypt = await timed(() => hasher.hash("correct horse battery staple"));

  report("server", [
    {
      name: "push 10,000 rows (20 requests of 500)",
      ms: push.ms,
      rows: ROWS,
      floorMs: floorResult.insertMs,
      goal: "≤ 2x",
    },
    {
      name: "pull 10,000 rows (fresh cursor, pages of 5,000)",
      ms: pull.ms,
      rows: ROWS,
      floorMs: floorResult.selectMs,
      goal: "≤ 1.5x",
    },
    { name: "empty pull on 10,000-row household", ms: emptyHttp.ms, note: `${empty.rowsRead} rows read (goal < 10)` },
    { name: "bcrypt hash, cost 10 (wall time in workerd)", ms: bcrypt.ms },
  ]);
  expect(empty.rowsRead).toBeLessThan(10);
});
