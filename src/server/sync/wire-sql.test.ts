import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { type TableName, TABLE_NAMES, tableDef } from "../../core/tables";
import { decodeWireRow, encodeWireRow } from "../../core/wire-row";
import { createD1RowStore } from "./row-store";
import { joinHousehold, registerAccount } from "../../../test/server-helpers";
import { at, note, preference, push, shoppingItem, task } from "../../../test/sync-test-kit";

// Protocol 3 pages are written by SQLite (sql.ts `pullWire`): each row's JSON text must stand for
// exactly the row the Worker would have encoded from D1's columns, whatever the values hold.

const TEXT = `quote " backslash \\ slash / tab\t new line\n return\r é 中文 🥛 \u2028 \u2029 end`;

describe("compact rows written by SQLite", () => {
  test("are the encoding of the full rows, for every table and awkward values", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a, "Sam");
    const pushed = await push(a, {
      tasks: [
        task("t1", at(0), {
          notes: TEXT,
          repeat: { every: 2, unit: "week", weekdays: [1, 3], from: "due" },
          dueDate: "2026-11-02",
        }),
        task("t2", at(10), {
          rotation: { mode: "round-robin", members: [a.user.id, b.user.id] },
          assigneeId: b.user.id,
        }),
      ],
      taskCompletions: [
        { id: "c1", createdAt: at(3), updatedAt: at(3), taskId: "t1", occurrence: "2026-11-02", doneOn: "2026-11-03" },
      ],
      shoppingItems: [
        shoppingItem("s1", at(3), { name: `quote " backslash \\ é 中文 🥛 \u2028`, unit: "kg" }),
        shoppingItem("s2", at(4), { quantity: 0.30000000000000004 }),
        shoppingItem("s3", at(5), { quantity: 123456789.12345679, checked: true }),
        shoppingItem("s4", at(6), { quantity: 5e-324 }),
        // Fields left out take their defaults with the lowest stamp (year 0): a huge offset.
        { id: "s5", createdAt: at(7), updatedAt: at(7), name: "Defaults" },
      ],
      shoppingLists: [{ id: "l1", createdAt: at(1), updatedAt: at(1), name: "Hardware" }],
      notes: [note("n1", at(1), { body: TEXT })],
      preferences: [
        preference("p1", at(2), { value: { nested: [1, 0.1, 1e21, -2.5e-7, "x\u0000y", null, true, {}], é: [] } }),
        preference("p2", at(2), { key: "n", value: 9007199254740991 }),
        preference("p3", at(2), { key: "s", value: TEXT }),
      ],
    });
    for (const list of Object.values(pushed.body.results)) {
      for (const r of list) expect(r).toMatchObject({ status: "applied" });
    }
    // Another member's edits: writers other than the creator, stamps that differ per field, a delete.
    await push(b, {
      shoppingItems: [{ id: "s1", updatedAt: at(9_999), checked: true, deletedAt: at(9_000) }],
      tasks: [{ id: "t2", updatedAt: at(123_456), title: "Later" }],
    });
    const store = createD1RowStore(env.DB);
    const scope = { householdId: a.household.id, userId: a.user.id };
    const full = await store.pull(scope, 0, 1_000);
    const compact = await store.pullCompact(scope, 0, 1_000);
    const parsed = Object.fromEntries(
      Object.entries(compact.changes).map(([t, rows]) => [t, rows.map((r) => JSON.parse(r.text) as unknown)]),
    );
    const encoded = Object.fromEntries(
      Object.entries(full.changes).map(([t, rows]) => [t, rows.map((r) => encodeWireRow(tableDef(t as TableName), r))]),
    );
    expect(parsed).toEqual(encoded);
    for (const t of TABLE_NAMES) {
      // And a client of this build decodes them to the server's rows.
      const decoded = (parsed[t] ?? []).map((r) => decodeWireRow(tableDef(t), r as never, a.household.id));
      expect(decoded).toEqual(full.changes[t]);
    }
    const counts = Object.fromEntries(Object.entries(parsed).map(([t, rows]) => [t, rows.length]));
    expect(counts).toMatchObject({
      tasks: 2,
      taskCompletions: 1,
      shoppingItems: 5,
      shoppingLists: 1,
      notes: 1,
      preferences: 3,
    });
    expect(full.changes.shoppingItems?.find((r) => r.id === "s2")?.quantity).toBe(0.30000000000000004);
  });
});
