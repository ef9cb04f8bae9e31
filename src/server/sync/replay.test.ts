import { describe, expect, test } from "vitest";
import type { PushResponse } from "../../core/protocol";
import { type Account, call, errorOf, jsonOf, joinHousehold, registerAccount } from "../../../test/server-helpers";
import { at, fetchRow, push, shoppingItem, status } from "../../../test/sync-test-kit";

// Idempotent pushes (protocol v2): a numbered push resent after a lost answer is a replay, answered
// from what its first arrival decided, never merged (or clamped, or counted) again.

const HOUR = 3_600_000;

async function numbered(who: Account, seq: number, changes: Record<string, unknown[]>, serverNow: number) {
  const res = await call("/api/sync/push", {
    token: who.token,
    body: { clientId: "phone-a", seq, changes },
    overrides: { now: () => serverNow },
  });
  return res;
}

describe("a replayed push", () => {
  test("a fast clock's edit, replayed after a newer acknowledged edit, does not undo it", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingItems: [shoppingItem("milk", at(0))] });
    const now = Date.now();
    // A's clock runs two hours ahead: the server clamps its stamp to the server's time.
    const body = { shoppingItems: [{ id: "milk", updatedAt: new Date(now + 2 * HOUR).toISOString(), quantity: 2 }] };
    const first = await numbered(a, 1, body, now);
    expect(first.status).toBe(200);
    const firstBody = await jsonOf<PushResponse>(first);
    expect(firstBody.results.shoppingItems?.[0]).toMatchObject({ status: "applied", row: { quantity: 2 } });

    // B edits the same field a second later, acknowledged.
    const edit = { id: "milk", updatedAt: new Date(now + 1_000).toISOString(), quantity: 3 };
    const bEdit = await call("/api/sync/push", {
      token: b.token,
      body: { clientId: "phone-b", seq: 1, changes: { shoppingItems: [edit] } },
      overrides: { now: () => now + 2_000 },
    });
    expect((await jsonOf<PushResponse>(bEdit)).results.shoppingItems?.[0]?.status).toBe("applied");

    // A never got its answer and resends the same body a minute later.
    const again = await numbered(a, 1, body, now + 60_000);
    expect(again.status).toBe(200);
    const replayed = await jsonOf<PushResponse>(again);
    expect(replayed.replayed).toBe(true);
    expect(replayed.results.shoppingItems?.[0]).toMatchObject({ status: "stale", row: { quantity: 3 } });
    expect(await fetchRow(b, "shoppingItems", "milk")).toMatchObject({
      quantity: 3,
      fieldUpdatedAt: { quantity: new Date(now + 1_000).toISOString() },
    });
  });

  test("a replay counts its lost values once, and changes nothing", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("tea", at(0)), shoppingItem("tea2", at(0))] });
    await push(a, { shoppingItems: [{ id: "tea", updatedAt: at(20), name: "Green tea" }] });
    const now = Date.now();
    const losing = { shoppingItems: [{ id: "tea", updatedAt: at(10), name: "Black tea" }] };
    expect((await numbered(a, 1, losing, now)).status).toBe(200);
    const before = await fetchRow(a, "shoppingItems", "tea");
    expect((await status(a)).tables.shoppingItems?.conflictCount).toBe(1);
    const again = await jsonOf<PushResponse>(await numbered(a, 1, losing, now + 5_000));
    expect(again).toMatchObject({ replayed: true, results: { shoppingItems: [{ status: "stale" }] } });
    expect((await status(a)).tables.shoppingItems?.conflictCount).toBe(1);
    expect(await fetchRow(a, "shoppingItems", "tea")).toEqual(before);
  });

  test("rejections are answered again, and the next number is merged as usual", async () => {
    const a = await registerAccount();
    const now = Date.now();
    const first = { shoppingItems: [shoppingItem("ok", at(0)), { id: "nope", updatedAt: at(0), quantity: 2 }] };
    const original = await jsonOf<PushResponse>(await numbered(a, 1, first, now));
    const replayed = await jsonOf<PushResponse>(await numbered(a, 1, first, now + 1_000));
    expect(replayed.results).toEqual(original.results);
    expect(replayed.results.shoppingItems?.map((r) => r.status)).toEqual(["applied", "rejected"]);
    const next = await numbered(a, 2, { shoppingItems: [{ id: "ok", updatedAt: at(5), quantity: 4 }] }, now + 2_000);
    expect((await jsonOf<PushResponse>(next)).replayed).toBeUndefined();
    expect((await fetchRow(a, "shoppingItems", "ok"))?.quantity).toBe(4);
  });

  test("an older number than the last applied is refused and changes nothing", async () => {
    const a = await registerAccount();
    const now = Date.now();
    await numbered(a, 1, { shoppingItems: [shoppingItem("jam", at(0))] }, now);
    await numbered(a, 2, { shoppingItems: [{ id: "jam", updatedAt: at(10), quantity: 2 }] }, now);
    const old = await numbered(a, 1, { shoppingItems: [{ id: "jam", updatedAt: at(20), quantity: 9 }] }, now);
    expect(old.status).toBe(409);
    expect((await errorOf(old)).code).toBe("push_superseded");
    expect((await fetchRow(a, "shoppingItems", "jam"))?.quantity).toBe(2);
  });

  test("two copies of one push arriving together are applied once", async () => {
    const a = await registerAccount();
    const now = Date.now();
    const body = { shoppingItems: [shoppingItem("eggs", at(0))] };
    const answers = await Promise.all([numbered(a, 1, body, now), numbered(a, 1, body, now)]);
    const parsed = await Promise.all(answers.map((r) => jsonOf<PushResponse>(r)));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(parsed.filter((p) => p.replayed === true)).toHaveLength(1);
    expect(parsed.map((p) => p.results.shoppingItems?.[0]?.status)).toEqual(["applied", "applied"]);
  });

  test("push numbers are per client: another device's number 1 is its own", async () => {
    const a = await registerAccount();
    const now = Date.now();
    await numbered(a, 1, { shoppingItems: [shoppingItem("x", at(0))] }, now);
    const other = await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "laptop", seq: 1, changes: { shoppingItems: [shoppingItem("y", at(0))] } },
    });
    expect((await jsonOf<PushResponse>(other)).replayed).toBeUndefined();
    expect(await fetchRow(a, "shoppingItems", "y")).toBeDefined();
  });
});
