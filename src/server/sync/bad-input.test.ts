import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { call, jsonOf, registerAccount } from "../../../test/server-helpers";
import { MANY_CALLS, at, fetchRow, push, shoppingItem, task } from "../../../test/sync-test-kit";

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

const ROW_TOO_DEEP = `{"clientId":"d","changes":{"tasks":[${deep(200_000)}]}}`;

/** Raw bodies, each a different way of being wrong. */
const BAD_BODIES: string[] = [
  "",
  " ",
  "{",
  "null",
  "[]",
  '"push"',
  "42",
  "true",
  "{}",
  '{"clientId":"d"}',
  '{"changes":{}}',
  '{"clientId":5,"changes":{}}',
  '{"clientId":"bad id!","changes":{}}',
  '{"clientId":"d","changes":[]}',
  '{"clientId":"d","changes":null}',
  '{"clientId":"d","changes":{"tasks":{}}}',
  '{"clientId":"d","changes":{"tasks":"row"}}',
  '{"clientId":"d","changes":{"tasks":null}}',
  '{"clientId":"d","changes":{"users":[]}}',
  '{"clientId":"d","changes":{"sync_metadata":[]}}',
  '{"clientId":"d","changes":{"__proto__":[]}}',
  '{"clientId":"d","changes":{"constructor":[]}}',
  '{"clientId":"d","changes":{},"extra":1}',
  '{"cursor":5}',
  '{"cursor":"v1.1","limit":"5"}',
  '{"cursor":null,"limit":1e400}',
  `{"cursor":"${"9".repeat(100)}"}`,
  ROW_TOO_DEEP,
  deep(300_000),
  '{"clientId":"d","changes":{"tasks":[1]}}\u0000',
  "\ufeff{}",
];

describe("bad requests to the sync endpoints", () => {
  test.each(["/api/sync/push", "/api/sync/pull", "/api/sync/full"])(
    "are 4xx JSON errors on %s, never 5xx",
    async (path) => {
      const a = await registerAccount();
      for (const raw of BAD_BODIES) {
        const res = await call(path, { raw, token: a.token, env: MANY_CALLS });
        if (path === "/api/sync/push" && raw === ROW_TOO_DEEP) {
          // A well-formed push whose one row is bad: 200, with that row rejected.
          expect(await jsonOf(res)).toMatchObject({ results: { tasks: [{ status: "rejected" }] } });
          continue;
        }
        expect({ raw: raw.slice(0, 60), status: res.status }).toMatchObject({ status: 400 });
        const body = await jsonOf<{ error: { code: string; message: string } }>(res);
        expect(body.error.code).toBe("invalid_request");
        expect(body.error.message).not.toMatch(/at .*\.ts|Error:/);
      }
    },
  );

  test("random JSON thrown at every sync endpoint never gets a 5xx", async () => {
    const a = await registerAccount();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ clientId: fc.constantFrom("d", 1), changes: fc.dictionary(fc.string(), fc.array(fc.jsonValue())) }),
      fc.record({
        clientId: fc.constant("d"),
        changes: fc.record({
          tasks: fc.array(fc.dictionary(fc.constantFrom("id", "title", "updatedAt", "x"), fc.jsonValue())),
        }),
      }),
      fc.record({ cursor: fc.oneof(fc.constant(null), fc.string()), limit: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/api/sync/push", "/api/sync/pull", "/api/sync/full"), body, async (path, b) => {
        const res = await call(path, { body: b, token: a.token, env: MANY_CALLS });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  test("without a session, or not as JSON, they are refused before anything is read", async () => {
    const a = await registerAccount();
    expect((await call("/api/sync/pull", { body: { cursor: null } })).status).toBe(401);
    expect((await call("/api/sync/status")).status).toBe(401);
    const text = await call("/api/sync/push", {
      raw: "{}",
      token: a.token,
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect((await call("/api/sync/push", { method: "GET", token: a.token })).status).toBe(405);
  });
});

describe("bad rows", () => {
  test("an unknown table makes the whole push a 400 and nothing is stored", async () => {
    const a = await registerAccount();
    const res = await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { tasks: [task("t", at(0))], chores: [] } },
    });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error: { code: "invalid_request", message: 'Unknown table "chores".' } });
    expect(await fetchRow(a, "tasks", "t")).toBeUndefined();
  });

  test("in a mixed batch the valid rows are applied and each bad one is rejected with a reason", async () => {
    const a = await registerAccount();
    const res = await push(a, {
      shoppingItems: [
        shoppingItem("ok-1", at(0)),
        shoppingItem("bad-qty", at(0), { quantity: -2 }),
        shoppingItem("bad-field", at(0), { colour: "red" }),
        null,
        "milk",
        shoppingItem("bad id!", at(0)),
        { id: "no-fields", updatedAt: at(0) },
        shoppingItem("ok-2", at(0)),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.results().map((r) => [r.id, r.status])).toEqual([
      ["ok-1", "applied"],
      ["bad-qty", "rejected"],
      ["bad-field", "rejected"],
      ["", "rejected"],
      ["", "rejected"],
      ["bad id!", "rejected"],
      ["no-fields", "rejected"],
      ["ok-2", "applied"],
    ]);
    expect(res.results()[1]?.reason).toMatch(/quantity/);
    expect(res.results()[2]?.reason).toMatch(/colour/);
    expect(await fetchRow(a, "shoppingItems", "ok-2")).toMatchObject({ name: "Milk" });
    expect(await fetchRow(a, "shoppingItems", "bad-qty")).toBeUndefined();
  });

  test("__proto__-style keys are rejected and harm nothing", async () => {
    const a = await registerAccount();
    const ts = at(0);
    const raw =
      `{"clientId":"d","changes":{"tasks":[` +
      `{"id":"p1","createdAt":"${ts}","updatedAt":"${ts}","title":"x","__proto__":{"deletedAt":"${ts}"}},` +
      `{"id":"p2","createdAt":"${ts}","updatedAt":"${ts}","title":"y","fieldUpdatedAt":{"__proto__":"${ts}"}},` +
      `{"id":"p3","createdAt":"${ts}","updatedAt":"${ts}","title":"z","constructor":{"prototype":{"polluted":1}}}` +
      `],"preferences":[{"id":"p4","createdAt":"${ts}","updatedAt":"${ts}","key":"k","value":{"__proto__":{"isAdmin":true}}}]}}`;
    const res = await call("/api/sync/push", { raw, token: a.token });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ results: Record<string, { status: string }[]> }>(res);
    expect(
      Object.values(body.results)
        .flat()
        .map((r) => r.status),
    ).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  test("text with an unpaired surrogate is rejected, not stored as something else", async () => {
    const a = await registerAccount();
    const ts = at(0);
    const raw = `{"clientId":"d","changes":{"tasks":[{"id":"s","createdAt":"${ts}","updatedAt":"${ts}","title":"a\\ud800b"}]}}`;
    const res = await call("/api/sync/push", { raw, token: a.token });
    expect(await jsonOf(res)).toMatchObject({ results: { tasks: [{ id: "s", status: "rejected" }] } });
    expect(await fetchRow(a, "tasks", "s")).toBeUndefined();
    const emoji = await push(a, { tasks: [task("e", ts, { title: "Party 🎉 at 8" })] });
    expect(emoji.results()[0]?.status).toBe("applied");
    expect((await fetchRow(a, "tasks", "e"))?.title).toBe("Party 🎉 at 8");
  });

  test("a rejection reason stays short however long the bad input", async () => {
    const a = await registerAccount();
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown_${i}`.repeat(5), 1]));
    const res = await push(a, { tasks: [{ ...task("t", at(0)), ...many }] });
    expect(res.results()[0]?.reason?.length).toBeLessThanOrEqual(300);
  });
});
