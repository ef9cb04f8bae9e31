import { expect, test } from "vitest";
import { call, jsonOf, registerAccount } from "../../../test/server-helpers";

test("a pushed shopping item is pulled back", async () => {
  const a = await registerAccount();
  const ts = "2026-11-24T10:00:00.000Z";
  const push = await call("/api/sync/push", {
    token: a.token,
    body: {
      clientId: "dev1",
      changes: {
        shoppingItems: [
          {
            id: "milk",
            createdAt: ts,
            updatedAt: ts,
            name: "Milk",
            quantity: 2,
            unit: "l",
            category: null,
            checked: false,
            deletedAt: null,
          },
        ],
      },
    },
  });
  expect(push.status).toBe(200);
  expect(await jsonOf(push)).toMatchObject({ results: { shoppingItems: [{ id: "milk", status: "applied" }] } });
  const pull = await jsonOf<{ changes: Record<string, unknown[]>; hasMore: boolean }>(
    await call("/api/sync/pull", { token: a.token, body: { cursor: null } }),
  );
  expect(pull.changes.shoppingItems).toMatchObject([
    { id: "milk", name: "Milk", quantity: 2, checked: false, householdId: a.household.id },
  ]);
  expect(pull.hasMore).toBe(false);
});
