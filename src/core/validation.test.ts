import { describe, expect, test } from "vitest";
import { isCompleteRow } from "./define-table";
import { pushRequest } from "./protocol";
import { TABLE_NAMES, type TableName, tableDef } from "./tables";

const TS = "2026-03-01T12:00:00.000Z";

/** A complete, valid row of each table: the baseline every case below changes one thing of. */
const VALID: Record<TableName, Record<string, unknown>> = {
  tasks: { title: "Take the bins out", notes: null, assigneeId: null, dueDate: "2026-03-02", completedAt: null },
  taskCompletions: { taskId: "task-1", occurrence: "2026-03-02", doneOn: "2026-03-01", completedAt: TS },
  shoppingItems: { name: "Milk", quantity: 2, unit: "l", category: null, checked: false, listId: null },
  shoppingLists: { name: "Hardware" },
  shoppingCategories: { name: "Dairy", sortKey: "V" },
  notes: { title: "Wifi", body: "password on the fridge", pinned: true },
  preferences: { key: "theme", value: { mode: "dark", contrast: [1, 2] } },
};

function row(name: TableName, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "row-1", createdAt: TS, updatedAt: TS, deletedAt: null, ...VALID[name], ...extra };
}

function show(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 24 ? `${text.slice(0, 20)}… (${text.length} chars)` : text;
  } catch {
    return "a value nested too deep to print";
  }
}

function parse(name: TableName, raw: unknown) {
  return tableDef(name).pushedRow.safeParse(raw);
}

/** Values a client may not store, per SPEC §2, next to the largest or smallest it may. */
const OUT_OF_RANGE: Record<TableName, [field: string, bad: unknown, ok: unknown][]> = {
  tasks: [
    ["title", "", "x"],
    ["title", "x".repeat(501), "x".repeat(500)],
    ["notes", "x".repeat(10_001), "x".repeat(10_000)],
    ["assigneeId", "not an id!", "user_01"],
    ["dueDate", "2026-02-30", "2028-02-29"],
    ["dueDate", "2026-3-1", null],
    ["completedAt", "yesterday", TS],
    ["title", 42, "42"],
    ["title", "half \ud83d surrogate", "whole 😀"],
    ["repeat", { every: 0, unit: "day", from: "due" }, { every: 1, unit: "day", from: "due" }],
    ["repeat", { every: 1, unit: "fortnight", from: "due" }, { every: 2, unit: "week", from: "due" }],
    [
      "repeat",
      { every: 1, unit: "week", weekdays: [7], from: "due" },
      { every: 1, unit: "week", weekdays: [0, 6], from: "due" },
    ],
    [
      "repeat",
      { every: 1, unit: "month", monthDay: 32, from: "due" },
      { every: 1, unit: "month", monthDay: 31, from: "due" },
    ],
    ["repeat", { every: 1, unit: "day", from: "later" }, { every: 1, unit: "day", from: "completion" }],
    ["repeat", { every: 1, unit: "day", from: "due", extra: 1 }, null],
    ["rotation", { mode: "round-robin", members: [] }, { mode: "round-robin", members: ["u1"] }],
    ["rotation", { mode: "random", members: ["u1"] }, { mode: "least-done", members: ["u1", "u2"] }],
    ["rotation", { mode: "round-robin", members: ["not an id!"] }, null],
  ],
  taskCompletions: [
    ["taskId", "not an id!", "task-2"],
    ["taskId", null, "t"],
    ["occurrence", "2026-02-30", "2024-02-29"],
    ["doneOn", null, "2026-12-31"],
  ],
  shoppingItems: [
    ["name", "", "x"],
    ["name", "x".repeat(201), "x".repeat(200)],
    ["quantity", 0, 0.001],
    ["quantity", -1, 1],
    ["quantity", "2", 2],
    ["quantity", 1e10, 1e9],
    ["unit", "x".repeat(21), "x".repeat(20)],
    ["category", "x".repeat(51), "x".repeat(50)],
    ["checked", 1, true],
    ["checked", "false", false],
    ["listId", "not an id!", "default"],
  ],
  shoppingLists: [
    ["name", "", "x"],
    ["name", "x".repeat(61), "x".repeat(60)],
  ],
  shoppingCategories: [
    ["name", "", "x"],
    ["name", "x".repeat(51), "x".repeat(50)],
    ["sortKey", "", "a"],
    ["sortKey", "x".repeat(101), "x".repeat(100)],
  ],
  notes: [
    ["title", "x".repeat(201), "x".repeat(200)],
    ["body", "x".repeat(100_001), "x".repeat(100_000)],
    ["pinned", null, false],
  ],
  preferences: [
    ["key", "", "k"],
    ["key", "x".repeat(101), "x".repeat(100)],
    ["value", "x".repeat(9_999), "x".repeat(9_998)],
    ["value", JSON.parse(`{"__proto__":{"admin":true}}`), { proto: { admin: true } }],
    ["value", JSON.parse("[".repeat(102) + "]".repeat(102)), JSON.parse("[".repeat(100) + "]".repeat(100))],
    // Nested far past any stack: refused without recursing (a recursive check would crash the Worker).
    ["value", JSON.parse("[".repeat(300_000) + "]".repeat(300_000)), []],
  ],
};

describe.each(TABLE_NAMES)("a pushed %s row", (name) => {
  test("is accepted when valid, complete, and keeps exactly its fields", () => {
    const parsed = parse(name, row(name));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.values).toEqual({ ...VALID[name], deletedAt: null });
    expect(isCompleteRow(tableDef(name), parsed.data)).toBe(true);
  });

  test("may be partial: id, updatedAt and one field", () => {
    const [field] = Object.keys(VALID[name]);
    const parsed = parse(name, { id: "row-1", updatedAt: TS, [field as string]: VALID[name][field as string] });
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(isCompleteRow(tableDef(name), parsed.data)).toBe(false);
  });

  test.each([["color"], ["version"], ["constructor"], ["toString"], ["title__ts"], ["fieldupdatedat"]])(
    "with an unknown field %j is rejected",
    (key) => {
      expect(parse(name, row(name, { [key]: "x" })).success).toBe(false);
    },
  );

  test("with a __proto__ key is rejected, not silently stripped", () => {
    const raw: unknown = JSON.parse(`{"id":"a","updatedAt":"${TS}","__proto__":{"deletedAt":null}}`);
    const parsed = parse(name, raw);
    expect(parsed.success).toBe(false);
    const nested: unknown = JSON.parse(`{"id":"a","updatedAt":"${TS}","fieldUpdatedAt":{"__proto__":"${TS}"}}`);
    expect(parse(name, nested).success).toBe(false);
    expect(Object.prototype).not.toHaveProperty("deletedAt");
  });

  test("ignores householdId, userId and syncedAt from the client", () => {
    const parsed = parse(name, row(name, { householdId: "other", userId: "someone", syncedAt: TS }));
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(JSON.stringify(parsed.data)).not.toMatch(/other|someone|syncedAt/);
  });

  test.each(["", "a b", "x".repeat(65), "é", "../etc", "a/b", 5, null, undefined, ["a"]])(
    "with the id %j is rejected",
    (id) => {
      expect(parse(name, row(name, { id })).success).toBe(false);
    },
  );

  test("accepts ids of 1 and 64 safe characters", () => {
    expect(parse(name, row(name, { id: "a" })).success).toBe(true);
    expect(parse(name, row(name, { id: `${"Az09_-".repeat(10)}abcd` })).success).toBe(true);
  });

  test.each([
    "2026-03-01",
    "2026-03-01T12:00:00Z",
    "2026-03-01T12:00:00.000",
    "2026-03-01T12:00:00.000+01:00",
    "2026-02-30T12:00:00.000Z",
    "2026-03-01T24:00:00.000Z",
    "+002026-03-01T12:00:00.000Z",
    " 2026-03-01T12:00:00.000Z",
    1772366400000,
    "2026-3-1T12:00:00.000Z",
  ])("with the timestamp %j is rejected, in updatedAt, createdAt or fieldUpdatedAt", (ts) => {
    expect(parse(name, row(name, { updatedAt: ts })).success).toBe(false);
    expect(parse(name, row(name, { createdAt: ts })).success).toBe(false);
    expect(parse(name, row(name, { fieldUpdatedAt: { deletedAt: ts } })).success).toBe(false);
    expect(parse(name, row(name, { deletedAt: ts })).success).toBe(false);
  });

  test("without an updatedAt is rejected", () => {
    expect(parse(name, row(name, { updatedAt: null })).success).toBe(false);
    expect(parse(name, row(name, { updatedAt: undefined })).success).toBe(false);
  });

  test("with a fieldUpdatedAt naming a field the table does not have is rejected", () => {
    expect(parse(name, row(name, { fieldUpdatedAt: { color: TS } })).success).toBe(false);
    expect(parse(name, row(name, { fieldUpdatedAt: { deletedAt: TS } })).success).toBe(true);
  });

  test.each(OUT_OF_RANGE[name].map(([field, bad, ok]) => ({ field, bad, ok, shown: show(bad) })))(
    "with $field = $shown is rejected (but the nearest valid value is fine)",
    ({ field, bad, ok }) => {
      expect(parse(name, row(name, { [field]: bad })).success).toBe(false);
      expect(parse(name, row(name, { [field]: ok })).success).toBe(true);
    },
  );

  test.each([null, 7, "row", [], [row(name)]])("that is not an object (%j) is rejected", (raw) => {
    expect(parse(name, raw).success).toBe(false);
  });
});

describe("a push request", () => {
  test("with a __proto__ table is refused as a whole, not silently emptied", () => {
    const body: unknown = JSON.parse(`{"clientId":"d1","changes":{"__proto__":[{"id":"x"}]}}`);
    expect(pushRequest.safeParse(body).success).toBe(false);
  });

  test("with more than 5,000 rows is refused", () => {
    const rows = Array.from({ length: 5_001 }, () => ({}));
    expect(pushRequest.safeParse({ clientId: "d1", changes: { tasks: rows } }).success).toBe(false);
    expect(pushRequest.safeParse({ clientId: "d1", changes: { tasks: rows.slice(1) } }).success).toBe(true);
  });
});
