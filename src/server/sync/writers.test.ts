import { SCHEMA_VERSION } from "../../core/schema-version";
import { describe, expect, test } from "vitest";
import type { PullResponse, PushResponse } from "../../core/protocol";
import { shoppingItems, tasks } from "../../core/tables";
import type { WireRow } from "../../core/wire-row";
import { call, jsonOf, joinHousehold, registerAccount } from "../../../test/server-helpers";
import { at, fetchRow, push, shoppingItem, task } from "../../../test/sync-test-kit";

// Protocol 3: compact rows that name who wrote each field; older clients keep their row shape.

async function rawPull(token: string, versions: Record<string, number | undefined>) {
  const res = await call("/api/sync/pull", { token, body: { ...versions, cursor: null, limit: 5_000 } });
  expect(res.status).toBe(200);
  return jsonOf<PullResponse<Record<string, unknown>>>(res);
}

describe("rows on the wire", () => {
  test("a protocol 3 client gets compact rows: stamps in field order, writers, the household once", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a, "Sam");
    await push(a, { shoppingItems: [shoppingItem("milk", at(0), { name: "Milk" })] });
    await push(b, {
      shoppingItems: [{ id: "milk", updatedAt: at(5_000), checked: true }],
    });
    const page = await rawPull(a.token, { protocol: 3, schema: SCHEMA_VERSION });
    expect(page.householdId).toBe(a.household.id);
    const milk = page.changes.shoppingItems?.[0] as WireRow;
    expect(milk).not.toHaveProperty("fieldUpdatedAt");
    expect(milk).not.toHaveProperty("householdId");
    const checked = shoppingItems.mergeFields.indexOf("checked");
    const name = shoppingItems.mergeFields.indexOf("name");
    expect(milk.updatedAt).toBe(at(5_000));
    expect(milk.stamps[checked]).toBe(0);
    expect(milk.stamps[name]).toBe(5_000);
    // The creator is `0` (the row's userId), the other member by id.
    expect(milk.writers?.[name]).toBe(0);
    expect(milk.writers?.[checked]).toBe(b.user.id);
    expect(milk.userId).toBe(a.user.id);
  });

  test("a protocol 2 client still gets the v2 rows: fieldUpdatedAt maps, no writers", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("milk", at(0))] });
    const page = await rawPull(a.token, { protocol: 2, schema: SCHEMA_VERSION });
    expect(page).not.toHaveProperty("householdId");
    const milk = page.changes.shoppingItems?.[0];
    expect(milk).toMatchObject({ householdId: a.household.id, fieldUpdatedAt: { name: at(0), checked: at(0) } });
    expect(milk).not.toHaveProperty("stamps");
    expect(milk).not.toHaveProperty("fieldWriters");
    expect(milk).not.toHaveProperty("writers");
  });

  test("a stale push is answered with the server's row in the client's form", async () => {
    const a = await registerAccount();
    await push(a, { shoppingItems: [shoppingItem("milk", at(0))] });
    await push(a, { shoppingItems: [{ id: "milk", updatedAt: at(9_000), quantity: 4 }] });
    const stale = { clientId: "d", changes: { shoppingItems: [{ id: "milk", updatedAt: at(1_000), quantity: 2 }] } };
    const v3 = await jsonOf<PushResponse<WireRow>>(await call("/api/sync/push", { token: a.token, body: stale }));
    expect(v3.householdId).toBe(a.household.id);
    expect(v3.results.shoppingItems?.[0]).toMatchObject({ status: "stale", row: { quantity: 4 } });
    expect(v3.results.shoppingItems?.[0]?.row?.stamps).toHaveLength(shoppingItems.mergeFields.length);
    const v2 = await jsonOf<PushResponse>(
      await call("/api/sync/push", { token: a.token, body: { ...stale, protocol: 2 } }),
    );
    expect(v2.results.shoppingItems?.[0]?.row).toMatchObject({ quantity: 4, fieldUpdatedAt: { quantity: at(9_000) } });
  });
});

describe("who wrote each field", () => {
  test("the writer follows the winning value, not the last push", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a, "Sam");
    await push(a, { tasks: [task("bins", at(0), { notes: "Tuesdays" })] });
    await push(b, { tasks: [{ id: "bins", updatedAt: at(2_000), title: "Bins (Sam)" }] });
    // An older edit by A loses: Sam stays the writer of the title.
    await push(a, { tasks: [{ id: "bins", updatedAt: at(1_000), title: "Bins (old)" }] });
    const row = await fetchRow(a, "tasks", "bins");
    expect(row).toMatchObject({ title: "Bins (Sam)", fieldWriters: { title: b.user.id, notes: a.user.id } });
    // A default nobody wrote has no writer.
    expect(row?.fieldWriters).not.toHaveProperty("repeat");
    await push(a, { tasks: [{ id: "bins", updatedAt: at(3_000), title: "Bins" }] });
    expect((await fetchRow(b, "tasks", "bins"))?.fieldWriters?.title).toBe(a.user.id);
  });
});

describe("assignees", () => {
  test("assigneeId must name a current member; other rows of the push go through", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a, "Sam");
    const stranger = await registerAccount();
    const pushed = await push(a, {
      tasks: [
        task("to-sam", at(0), { assigneeId: b.user.id }),
        task("to-stranger", at(0), { assigneeId: stranger.user.id }),
        task("to-nobody", at(0), { assigneeId: null }),
        task("to-made-up", at(0), { assigneeId: "u_not_a_user" }),
      ],
    });
    expect(pushed.status).toBe(200);
    expect(pushed.results().map((r) => r.status)).toEqual(["applied", "rejected", "applied", "rejected"]);
    expect(pushed.results()[1]?.reason).toBe("assigneeId: must name a current member of this household.");
    expect(await fetchRow(a, "tasks", "to-stranger")).toBeUndefined();
    expect(await fetchRow(a, "tasks", "to-sam")).toMatchObject({ assigneeId: b.user.id });
    // Reassigning an existing task to a non-member is refused too, and changes nothing.
    const edit = await push(a, {
      tasks: [{ id: "to-sam", updatedAt: at(5_000), assigneeId: stranger.user.id }],
    });
    expect(edit.results()[0]).toMatchObject({ status: "rejected" });
    expect(await fetchRow(a, "tasks", "to-sam")).toMatchObject({ assigneeId: b.user.id });
    expect(tasks.mergeFields).toContain("assigneeId");
  });
});
