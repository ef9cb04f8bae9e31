import type { TableName } from "@/client";
import type { SyncedRow } from "@/core/define-table";
import type { PublicUser } from "@/core/protocol";
import { describeDue, fullTime } from "../../_lib/format";
import { memberName } from "../../_lib/use-members";

export const TABLE_NOUN: Record<TableName, string> = {
  tasks: "Task",
  taskCompletions: "Completion",
  shoppingItems: "Shopping item",
  shoppingLists: "Shopping list",
  shoppingCategories: "Aisle",
  notes: "Note",
  preferences: "Preference",
};

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  notes: "Notes",
  assigneeId: "Assigned to",
  dueDate: "Due date",
  completedAt: "Done",
  repeat: "Repeats",
  rotation: "Takes turns",
  occurrence: "Occurrence",
  doneOn: "Done on",
  taskId: "Task",
  name: "Item",
  quantity: "Quantity",
  unit: "Unit",
  category: "Category",
  checked: "In the basket",
  listId: "List",
  sortKey: "Place in the store order",
  body: "Text",
  pinned: "Pinned",
  deletedAt: "Deleted",
  key: "Setting",
  value: "Value",
};

export function fieldLabel(table: TableName, field: string): string {
  if (table === "notes" && field === "title") return "Title";
  if (table !== "shoppingItems" && field === "name") return "Name";
  return FIELD_LABELS[field] ?? field;
}

export function rowTitle(table: TableName, row: SyncedRow | undefined): string {
  if (!row) return "An item no longer on this device";
  const pick = (k: string) => (typeof row[k] === "string" ? (row[k] as string) : "");
  if (table === "tasks") return pick("title") || "Untitled task";
  if (table === "shoppingItems") return pick("name") || "Unnamed item";
  if (table === "notes") return pick("title") || pick("body").split("\n")[0]?.slice(0, 60) || "Untitled note";
  return pick("key") || "Setting";
}

/** A field value in words: "Pinned", "Deleted", "Sat 29 Nov", "(empty)". */
export function describeValue(field: string, value: unknown, members: readonly PublicUser[]): string {
  if (value === null || value === undefined || value === "") {
    if (field === "deletedAt") return "Not deleted";
    if (field === "completedAt") return "Not done";
    if (field === "assigneeId") return "Nobody";
    return "(empty)";
  }
  if (field === "deletedAt") return "Deleted";
  if (field === "completedAt" && typeof value === "string") return `Done ${fullTime(value)}`;
  if (field === "assigneeId" && typeof value === "string") return memberName(members, value) ?? "Nobody";
  if (field === "dueDate" && typeof value === "string") return describeDue(value).label;
  if (typeof value === "boolean") {
    if (field === "checked") return value ? "Checked off" : "Not checked off";
    if (field === "pinned") return value ? "Pinned" : "Not pinned";
    return value ? "Yes" : "No";
  }
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}
