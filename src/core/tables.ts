import { defineTable, type SyncedRow, type TableDef } from "./define-table";
import { type FieldDef, field } from "./fields";
import { repeatRuleSchema } from "./recurrence";
import { rotationSchema } from "./rotation";

// Every synced table is defined here and only here: validation, D1 DDL, the Dexie stores and the
// TypeScript types all derive from these definitions.

export const tasks = defineTable("tasks", {
  scope: "household",
  fields: {
    title: field.text({ min: 1, max: 500 }),
    notes: field.optionalText({ max: 10_000 }),
    assigneeId: field.optionalRef(),
    dueDate: field.optionalDate(),
    /** One-off tasks only; a repeating task is done occurrence by occurrence in `taskCompletions`. */
    completedAt: field.optionalTimestamp(),
    /** Null: a one-off task. Else the rule, started at `dueDate` (see src/core/recurrence.ts). */
    repeat: field.optionalJsonOf(repeatRuleSchema, { maxChars: 200 }),
    /** Null: `assigneeId` says who. Else the next assignee follows from the completions. */
    rotation: field.optionalJsonOf(rotationSchema, { maxChars: 4_000 }),
  },
});

/**
 * One member's completion of one occurrence of a repeating task. The id is derived from task,
 * occurrence and member (`completionId`), so rows only accumulate: two members ticking the same
 * occurrence offline keep both, and the next occurrence derived from them is the same everywhere.
 * `userId` (set by the server) is who did it; unticking soft-deletes the row.
 */
export const taskCompletions = defineTable("taskCompletions", {
  scope: "household",
  fields: {
    taskId: field.ref(),
    /** The occurrence done: the due day it had. */
    occurrence: field.date(),
    /** The calendar day it was done on, in the member's time zone (completion-based rules count from it). */
    doneOn: field.date(),
    completedAt: field.optionalTimestamp(),
  },
  clientIndexes: ["taskId"],
});

export const shoppingItems = defineTable("shoppingItems", {
  scope: "household",
  fields: {
    name: field.text({ min: 1, max: 200 }),
    quantity: field.positiveNumber({ default: 1 }),
    unit: field.optionalText({ max: 20 }),
    category: field.optionalText({ max: 50 }),
    checked: field.boolean({ default: false }),
    /** The list the item is on; null (items older than lists) or an unknown list: the default list. */
    listId: field.optionalRef(),
  },
  clientIndexes: ["listId"],
});

/** The household's shopping lists ("Groceries", "Hardware"); the default list needs no row until renamed. */
export const shoppingLists = defineTable("shoppingLists", {
  scope: "household",
  fields: {
    name: field.text({ min: 1, max: 60 }),
  },
});

/**
 * A category's place in the household's store order. The id is derived from the name
 * (`categoryId`), so two devices placing the same category write one row. `sortKey` is a fractional
 * index (src/core/order-key.ts): a move rewrites only the moved category's key, so concurrent moves
 * of different categories both survive, and equal keys fall back to the id: every device sorts alike.
 */
export const shoppingCategories = defineTable("shoppingCategories", {
  scope: "household",
  fields: {
    name: field.text({ min: 1, max: 50 }),
    sortKey: field.text({ min: 1, max: 100 }),
  },
});

export const notes = defineTable("notes", {
  scope: "household",
  fields: {
    title: field.text({ max: 200, default: "" }),
    body: field.text({ max: 100_000, default: "" }),
    pinned: field.boolean({ default: false }),
  },
});

export const preferences = defineTable("preferences", {
  scope: "user",
  fields: {
    key: field.text({ min: 1, max: 100 }),
    value: field.json({ maxChars: 10_000 }),
  },
  clientIndexes: ["key"],
});

/** Fields that must name a current member of the household when a push sets them (null is fine). */
export const MEMBER_FIELDS: Readonly<Partial<Record<string, readonly string[]>>> = { tasks: ["assigneeId"] };

export const TABLES = {
  tasks,
  taskCompletions,
  shoppingItems,
  shoppingLists,
  shoppingCategories,
  notes,
  preferences,
} as const;
export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** A table's definition by name, for code that holds the name as a value (the one cast to the common shape). */
export function tableDef(name: TableName): TableDef {
  return TABLES[name] as TableDef;
}

/** Every table's definition, in TABLES order. */
export const TABLE_DEFS: readonly TableDef[] = TABLE_NAMES.map(tableDef);

/** The text fields of a table, by name. */
export type TextFieldOf<T extends TableName> = {
  [K in keyof (typeof TABLES)[T]["fields"]]: (typeof TABLES)[T]["fields"][K] extends FieldDef<string | null>
    ? K
    : never;
}[keyof (typeof TABLES)[T]["fields"]] &
  string;

/** The most characters a text field takes, from its definition: the UI's `maxLength`, never written by hand. */
export function maxLength<T extends TableName>(table: T, field: TextFieldOf<T>): number {
  const max = tableDef(table).fieldDefs[field]?.maxLength;
  if (max === undefined) throw new Error(`${table}.${field} has no length limit`);
  return max;
}

export type Task = SyncedRow<(typeof tasks)["fields"]>;
export type TaskCompletion = SyncedRow<(typeof taskCompletions)["fields"]>;
export type ShoppingItem = SyncedRow<(typeof shoppingItems)["fields"]>;
export type ShoppingList = SyncedRow<(typeof shoppingLists)["fields"]>;
export type ShoppingCategory = SyncedRow<(typeof shoppingCategories)["fields"]>;
export type Note = SyncedRow<(typeof notes)["fields"]>;
export type Preference = SyncedRow<(typeof preferences)["fields"]>;
export interface RowByTable {
  tasks: Task;
  taskCompletions: TaskCompletion;
  shoppingItems: ShoppingItem;
  shoppingLists: ShoppingList;
  shoppingCategories: ShoppingCategory;
  notes: Note;
  preferences: Preference;
}

export function isTableName(name: string): name is TableName {
  return Object.prototype.hasOwnProperty.call(TABLES, name);
}
