import { describe, expect, test } from "vitest";
import { call, registerAccount } from "../../../test/server-helpers";
import { BOOKMARK_HEADER } from "./household-data";

const ts = "2026-11-24T10:00:00.000Z";
const item = {
  id: "milk",
  createdAt: ts,
  updatedAt: ts,
  name: "Milk",
  quantity: 1,
  unit: null,
  category: null,
  checked: false,
  deletedAt: null,
};

describe("D1 read replication bookmarks", () => {
  test("every sync answer carries a bookmark, and a push moves it forward", async () => {
    const a = await registerAccount();
    const before = await call("/api/sync/pull", { token: a.token, body: { cursor: null } });
    const first = before.headers.get(BOOKMARK_HEADER);
    expect(first).toBeTruthy();
    const push = await call("/api/sync/push", {
      token: a.token,
      headers: { [BOOKMARK_HEADER]: first! },
      body: { clientId: "d", changes: { shoppingItems: [item] } },
    });
    const afterPush = push.headers.get(BOOKMARK_HEADER);
    expect(afterPush).toBeTruthy();
    expect(afterPush! > first!).toBe(true);
  });

  test("a pull started from the push's bookmark reads the push (read your own writes)", async () => {
    const a = await registerAccount();
    const push = await call("/api/sync/push", {
      token: a.token,
      body: { clientId: "d", changes: { shoppingItems: [item] } },
    });
    const bookmark = push.headers.get(BOOKMARK_HEADER)!;
    const pull = await call("/api/sync/pull", {
      token: a.token,
      headers: { [BOOKMARK_HEADER]: bookmark },
      body: { cursor: null },
    });
    expect(pull.status).toBe(200);
    const body = (await pull.json()) as { changes: { shoppingItems: { id: string }[] } };
    expect(body.changes.shoppingItems.map((r) => r.id)).toEqual(["milk"]);
    expect(pull.headers.get(BOOKMARK_HEADER)! >= bookmark).toBe(true);
  });

  test("a pull reports how many rows D1 read for it", async () => {
    const a = await registerAccount();
    const pull = await call("/api/sync/pull", { token: a.token, body: { cursor: null } });
    expect(Number(pull.headers.get("x-d1-rows-read"))).toBeGreaterThanOrEqual(0);
    expect(pull.headers.get("x-d1-rows-read")).toMatch(/^\d+$/);
  });

  test("a garbage bookmark is ignored, never a 5xx", async () => {
    const a = await registerAccount();
    for (const junk of ["not-a-bookmark", "0".repeat(5000), "00000000-zzzz", "../../etc"]) {
      const pull = await call("/api/sync/pull", {
        token: a.token,
        headers: { [BOOKMARK_HEADER]: junk },
        body: { cursor: null },
      });
      expect(pull.status).toBe(200);
    }
  });
});
