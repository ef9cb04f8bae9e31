import { withoutWriters } from "../../core/wire-row";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compareSqlValues, type SqlValue } from "../../core/compare-values";
import type { SyncedRow } from "../../core/define-table";
import { type RowChange, mergeRow, rowFromChange } from "../../core/merge-rows";
import { rowChangeArb, tableNameArb, tableOf } from "../../core/testing/arbitraries";
import { maxIso } from "../../core/time";
import { createD1RowStore, type Scope, type WriteOp } from "./row-store";

// The server merges in SQL (one UPSERT per row, atomic in D1); clients merge with the core's
// mergeRow. If the two ever disagreed, replicas would silently diverge. Here the same random changes
// (ties included) go through both, and every intermediate and final row must be identical.

const IDS = ["a", "b"];

async function newHousehold(): Promise<Scope> {
  const householdId = crypto.randomUUID();
  await env.DB.prepare(`INSERT INTO households (id, name, createdAt) VALUES (?, 'Cross-check', ?)`)
    .bind(householdId, new Date().toISOString())
    .run();
  return { householdId, userId: "owner" };
}

/** What both implementations must agree on: everything but syncedAt, which only the server sets. */
function comparable(row: SyncedRow | null | undefined) {
  if (!row) return null;
  // Writers are the server's own record (writers.test.ts), not part of the merge rule.
  return JSON.parse(JSON.stringify({ ...withoutWriters(row), syncedAt: "set by the server" })) as unknown;
}

const scenarioArb = tableNameArb.chain((name) =>
  fc.record({
    name: fc.constant(name),
    steps: fc.array(rowChangeArb(name, IDS), { minLength: 1, maxLength: 10 }),
    // Where a batch ends: several changes (even to one row) may share one atomic write.
    cuts: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
  }),
);

describe("the SQL merge and the core mergeRow agree", () => {
  test("random changes, with equal-timestamp ties, give identical rows (values and field timestamps)", async () => {
    const store = createD1RowStore(env.DB);
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ name, steps, cuts }) => {
        const table = tableOf(name);
        const scope = await newHousehold();
        const model = new Map<string, SyncedRow>();
        let batch: { op: WriteOp; expected: SyncedRow | null }[] = [];
        const flush = async () => {
          const got = await store.write(
            scope,
            batch.map((b) => b.op),
            new Date().toISOString(),
          );
          batch.forEach((b, i) => expect(comparable(got[i])).toEqual(comparable(b.expected)));
          batch = [];
        };
        for (const [i, { change, complete }] of steps.entries()) {
          const current = model.get(change.id);
          let expected: SyncedRow | null = null;
          if (current) expected = mergeRow(table, current, change).row;
          else if (complete) expected = rowFromChange(table, change, scope);
          if (expected) model.set(change.id, expected);
          batch.push({ op: toOp(name, change, complete), expected });
          if (cuts[i]) await flush();
        }
        if (batch.length > 0) await flush();
        const stored = await store.read(scope, table, IDS);
        expect(stored.map(comparable)).toEqual(
          IDS.filter((id) => model.has(id)).map((id) => comparable(model.get(id))),
        );
      }),
      { numRuns: 250 },
    );
  });

  test("a change that wins nothing leaves the row's version alone; one that wins moves it", async () => {
    const store = createD1RowStore(env.DB);
    const scope = await newHousehold();
    const table = tableOf("notes");
    const ts = "2026-03-01T12:00:00.000Z";
    const full: RowChange = {
      id: "n",
      createdAt: ts,
      fields: { title: { value: "T", ts }, body: { value: "B", ts }, pinned: { value: false, ts } },
    };
    const version = async () => {
      const page = await store.pull(scope, 0, 10);
      return page.lastVersion;
    };
    await store.write(scope, [toOp("notes", full, true)], ts);
    const v1 = await version();
    await store.write(
      scope,
      [toOp("notes", full, true), toOp("notes", { id: "n", fields: { pinned: { value: false, ts } } }, false)],
      ts,
    );
    expect(await version()).toBe(v1);
    await store.write(scope, [toOp("notes", { id: "n", fields: { pinned: { value: true, ts } } }, false)], ts);
    expect(await version()).toBeGreaterThan(v1);
    expect((await store.read(scope, table, ["n"]))[0]?.pinned).toBe(true);
  });
});

function toOp(name: Parameters<typeof tableOf>[0], change: RowChange, complete: boolean): WriteOp {
  return {
    table: tableOf(name),
    change,
    complete,
    updatedAt: maxIso(...Object.values(change.fields).map((f) => f.ts)),
  };
}

/** SQLite's own order of two values, NULL first as ORDER BY puts it. */
const ORDER_SQL = `SELECT CASE WHEN ?1 IS ?2 THEN 0 WHEN ?1 IS NULL THEN -1 WHEN ?2 IS NULL THEN 1
  WHEN ?1 < ?2 THEN -1 ELSE 1 END AS c`;

describe("compareSqlValues and SQLite order values the same way", () => {
  test("for random mixes of NULL, numbers and text (astral characters, NUL, U+FFFF included)", async () => {
    const value: fc.Arbitrary<SqlValue> = fc.oneof(
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constantFrom("\uffff", "😀", "a\u0000b", "a", "", "é", "e\u0301", "\u{10ffff}"),
      fc.string({ unit: "binary", maxLength: 6 }),
    );
    const pairs = fc.sample(fc.tuple(value, value), { numRuns: 600, seed: 42 });
    const results = await env.DB.batch<{ c: number }>(pairs.map(([a, b]) => env.DB.prepare(ORDER_SQL).bind(a, b)));
    pairs.forEach(([a, b], i) => {
      expect({ a, b, sqlite: results[i]?.results[0]?.c }).toEqual({ a, b, sqlite: Math.sign(compareSqlValues(a, b)) });
    });
  });
});
