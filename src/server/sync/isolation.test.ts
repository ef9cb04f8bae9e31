import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { joinHousehold, registerAccount } from "../../../test/server-helpers";
import { at, byId, fetchRow, pull, push, preference, shoppingItem, task } from "../../../test/sync-test-kit";

describe("households are isolated", () => {
  test("pushing another household's row id cannot touch their row", async () => {
    const victim = await registerAccount();
    const attacker = await registerAccount();
    await push(victim, { shoppingItems: [shoppingItem("shared-id", at(0), { name: "Victim's milk" })] });
    // A partial edit of an id that exists only in the other household: no such row here.
    const partial = await push(attacker, { shoppingItems: [{ id: "shared-id", updatedAt: at(50), name: "Pwned" }] });
    expect(partial.results()[0]?.status).toBe("rejected");
    // A complete row with that id creates an independent row in the attacker's own household.
    const complete = await push(attacker, { shoppingItems: [shoppingItem("shared-id", at(50), { name: "Mine" })] });
    expect(complete.results()[0]?.status).toBe("applied");
    expect(await fetchRow(victim, "shoppingItems", "shared-id")).toMatchObject({
      name: "Victim's milk",
      householdId: victim.household.id,
      userId: victim.user.id,
    });
    expect(await fetchRow(attacker, "shoppingItems", "shared-id")).toMatchObject({
      name: "Mine",
      householdId: attacker.household.id,
    });
  });

  test("the same id in two households are two rows that change independently", async () => {
    const a = await registerAccount();
    const b = await registerAccount();
    await push(a, { tasks: [task("t", at(0), { title: "A's" })] });
    await push(b, { tasks: [task("t", at(0), { title: "B's" })] });
    await push(a, { tasks: [{ id: "t", updatedAt: at(10), deletedAt: at(10) }] });
    expect(await fetchRow(a, "tasks", "t")).toMatchObject({ title: "A's", deletedAt: at(10) });
    expect(await fetchRow(b, "tasks", "t")).toMatchObject({ title: "B's", deletedAt: null });
  });

  test("a pull never shows another household's rows", async () => {
    const a = await registerAccount();
    const b = await registerAccount();
    await push(a, { tasks: [task("a-only", at(0))], preferences: [preference("a-pref", at(0))] });
    const page = await pull(b, null);
    expect(Object.values(page.changes).flat()).toEqual([]);
  });

  test("householdId and userId in a pushed row are ignored", async () => {
    const a = await registerAccount();
    const b = await registerAccount();
    const forged = task("forged", at(0), { householdId: b.household.id, userId: b.user.id });
    expect((await push(a, { tasks: [forged] })).results()[0]?.status).toBe("applied");
    expect(await fetchRow(a, "tasks", "forged")).toMatchObject({ householdId: a.household.id, userId: a.user.id });
    expect(await fetchRow(b, "tasks", "forged")).toBeUndefined();
    const stored = await env.DB.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE householdId = ?`)
      .bind(b.household.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });
});

describe("household rows are shared, preferences are private", () => {
  test("every member reads and edits the household's rows; the creator stays the owner", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { shoppingItems: [shoppingItem("milk", at(0))] });
    await push(b, { shoppingItems: [{ id: "milk", updatedAt: at(5), checked: true }] });
    expect(await fetchRow(a, "shoppingItems", "milk")).toMatchObject({ checked: true, userId: a.user.id });
  });

  test("another member's preference can be neither read nor overwritten", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { preferences: [preference("pref-a", at(0), { key: "theme", value: "dark" })] });
    expect(byId(await pull(b, null), "preferences").size).toBe(0);

    const overwrite = await push(b, { preferences: [preference("pref-a", at(50), { value: "light" })] });
    expect(overwrite.results()[0]).toMatchObject({ status: "rejected" });
    expect(overwrite.results()[0]?.row).toBeUndefined();
    const partial = await push(b, { preferences: [{ id: "pref-a", updatedAt: at(60), deletedAt: at(60) }] });
    expect(partial.results()[0]?.status).toBe("rejected");
    expect(await fetchRow(a, "preferences", "pref-a")).toMatchObject({ value: "dark", deletedAt: null });
  });

  test("each member's own preferences sync between their devices only", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { preferences: [preference("a-theme", at(0), { value: { mode: "dark" } })] });
    await push(b, { preferences: [preference("b-theme", at(0), { value: [1, "two", null] })] });
    expect([...byId(await pull(a, null), "preferences").values()]).toMatchObject([
      { id: "a-theme", value: { mode: "dark" } },
    ]);
    expect([...byId(await pull(b, null), "preferences").values()]).toMatchObject([
      { id: "b-theme", value: [1, "two", null] },
    ]);
  });
});
