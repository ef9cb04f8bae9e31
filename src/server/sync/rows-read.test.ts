import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, test } from "vitest";
import { encodeCursor } from "../../core/cursor";
import type { PullResponse } from "../../core/protocol";
import { type RowChange } from "../../core/merge-rows";
import { TABLES } from "../../core/tables";
import { maxIso } from "../../core/time";
import { type Account, call, jsonOf, registerAccount } from "../../../test/server-helpers";
import { meteredD1 } from "./metered-d1";
import { createD1RowStore, type Scope, type WriteOp } from "./row-store";
import { MANY_CALLS, at, push, task } from "../../../test/sync-test-kit";

// D1 bills, and slows down, by rows read. A device that is up to date polls often: its empty pull
// must read a handful of rows whether the household holds ten rows or ten thousand.

const ROWS = 10_000;
let owner: Account;
let scope: Scope;

function shoppingOp(i: number): WriteOp {
  const ts = at(i);
  const fields: RowChange["fields"] = {
    name: { value: `Item ${i}`, ts },
    quantity: { value: 1 + (i % 5), ts },
    checked: { value: i % 3 === 0, ts },
  };
  return {
    table: TABLES.shoppingItems,
    change: { id: `item-${i}`, createdAt: ts, fields },
    complete: true,
    updatedAt: maxIso(ts),
  };
}

beforeAll(async () => {
  owner = await registerAccount();
  scope = { householdId: owner.household.id, userId: owner.user.id };
  const store = createD1RowStore(env.DB);
  for (let start = 0; start < ROWS; start += 1_000) {
    const ops = Array.from({ length: 1_000 }, (_, k) => shoppingOp(start + k));
    expect((await store.write(scope, ops, new Date().toISOString())).every(Boolean)).toBe(true);
  }
}, 120_000);

async function currentCursor(): Promise<string> {
  const row = await env.DB.prepare(`SELECT seq FROM households WHERE id = ?`)
    .bind(scope.householdId)
    .first<{ seq: number }>();
  return encodeCursor(Number(row?.seq));
}

describe(`with ${ROWS.toLocaleString("en")} rows in the household`, () => {
  test("an empty pull reads about one row per table, and the store reports exactly what D1 measured", async () => {
    const { db, meter } = meteredD1(env.DB);
    const after = Number((await currentCursor()).slice(3));
    const page = await createD1RowStore(db).pull(scope, after, 1_000);
    expect(Object.values(page.changes).flat()).toEqual([]);
    // The household horizon (1) plus one index probe per synced table.
    expect(page.rowsRead).toBeLessThanOrEqual(1 + Object.keys(TABLES).length);
    expect(page.rowsRead).toBe(meter.rowsRead);
  });

  test("a whole empty pull request, sync_metadata bookkeeping included, reads a handful of rows", async () => {
    const { db, meter } = meteredD1(env.DB);
    const res = await call("/api/sync/pull", {
      token: owner.token,
      body: { cursor: await currentCursor() },
      env: { DB: db },
    });
    expect(res.status).toBe(200);
    expect((await jsonOf<PullResponse>(res)).hasMore).toBe(false);
    // The pull's own reads (the horizon and one probe per table) plus a few of bookkeeping: the
    // member's row, the sync-call counter and sync_metadata. Never a scan of the 10,000 rows.
    expect(meter.rowsRead).toBeLessThanOrEqual(1 + Object.keys(TABLES).length + 4);
  });

  test("pulling one new change reads about as much as an empty pull, not the household", async () => {
    const cursor = await currentCursor();
    await push(owner, { tasks: [task("fresh", at(0))] });
    const { db, meter } = meteredD1(env.DB);
    const page = await createD1RowStore(db).pull(scope, Number(cursor.slice(3)), 1_000);
    expect(page.changes.tasks?.map((t) => t.id)).toEqual(["fresh"]);
    // As an empty pull: the horizon plus one probe per synced table (the tasks probe finds the row).
    expect(page.rowsRead).toBeLessThanOrEqual(1 + Object.keys(TABLES).length);
    expect(page.rowsRead).toBe(meter.rowsRead);
  });

  test("a first download in pages of 1,000 reads each row a bounded number of times", async () => {
    const { db, meter } = meteredD1(env.DB);
    let cursor: string | null = null;
    let received = 0;
    for (let guard = 0; guard < 50; guard++) {
      const res = await call("/api/sync/pull", {
        token: owner.token,
        body: { cursor, limit: 1_000 },
        env: { ...MANY_CALLS, DB: db },
      });
      const page = await jsonOf<PullResponse>(res);
      received += Object.values(page.changes).flat().length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(received).toBe(ROWS + 1);
    // Each row once, plus one count of what follows the first page (later pages reuse it).
    expect(meter.rowsRead / received).toBeLessThanOrEqual(2);
  });
});
