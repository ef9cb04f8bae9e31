import { describe, expect, test } from "vitest";
import { call, errorOf, jsonOf, registerAccount } from "../../../test/server-helpers";

// Issue 9: a push whose `changes`, or one row's `fieldUpdatedAt`, had 200,000 keys overflowed the
// stack in the record check: a 500 for the request, and the row case failed the whole push.
const manyKeys = (n: number, value: string) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${value}`).join(",")}}`;
const NOW = "2026-01-01T00:00:00.000Z";

describe("records with 200,000 keys are refused, never a 500", () => {
  test("a push whose changes has 200,000 keys gets 400 naming the limit", async () => {
    const account = await registerAccount();
    const res = await call("/api/sync/push", {
      raw: `{"clientId":"dev","changes":${manyKeys(200_000, "[]")}}`,
      token: account.token,
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/changes: must have at most \d+ keys/);
  });

  test("one row whose fieldUpdatedAt has 200,000 keys is rejected; the other row of the push is applied", async () => {
    const account = await registerAccount();
    const bad = `{"id":"bad-row","updatedAt":"${NOW}","title":"x","fieldUpdatedAt":${manyKeys(200_000, '"nope"')}}`;
    const good = JSON.stringify({ id: "good-row", createdAt: NOW, updatedAt: NOW, title: "Buy milk" });
    const res = await call("/api/sync/push", {
      raw: `{"clientId":"dev","changes":{"tasks":[${bad},${good}]}}`,
      token: account.token,
    });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ results: { tasks: { id: string; status: string; reason?: string }[] } }>(res);
    expect(body.results.tasks[0]).toMatchObject({ id: "bad-row", status: "rejected" });
    expect(body.results.tasks[0]?.reason).toMatch(/at most \d+ keys/);
    expect(body.results.tasks[1]).toMatchObject({ id: "good-row", status: "applied" });
  });

  test("a row with 200,000 keys of its own is rejected, not a 500", async () => {
    const account = await registerAccount();
    const res = await call("/api/sync/push", {
      raw: `{"clientId":"dev","changes":{"notes":[${manyKeys(200_000, "1")}]}}`,
      token: account.token,
    });
    expect(res.status).toBe(200);
    const body = await jsonOf<{ results: { notes: { status: string }[] } }>(res);
    expect(body.results.notes[0]?.status).toBe("rejected");
  });
});
