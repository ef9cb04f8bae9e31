import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tableColumns } from "../src/core/ddl";
import { type TableDef, defineTable } from "../src/core/define-table";
import { field } from "../src/core/fields";
import { TABLES, shoppingItems } from "../src/core/tables";
import { plannedStatements, schemaFromMigrations } from "./migration-plan";

const dir = join(import.meta.dirname, "..", "migrations");
const migrations = readdirSync(dir)
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => readFileSync(join(dir, f), "utf8"));
const tables = Object.values(TABLES) as TableDef[];

describe("the migration generator", () => {
  test("the committed migrations create exactly the columns the table definitions have", () => {
    const schema = schemaFromMigrations(migrations);
    for (const table of tables) expect(schema.get(table.name)?.toSorted()).toEqual(tableColumns(table).toSorted());
    expect(plannedStatements(tables, migrations)).toEqual([]);
  });

  test("a field another table already has is still added where it is missing (shoppingItems.notes)", () => {
    const withNotes = defineTable("shoppingItems", {
      scope: "household",
      fields: { ...shoppingItems.fields, notes: field.optionalText({ max: 1000 }) },
    });
    const others = tables.filter((t) => t.name !== "shoppingItems");
    const planned = plannedStatements([...others, withNotes], migrations);
    expect(planned.slice(0, 2)).toEqual([
      `ALTER TABLE "shoppingItems" ADD COLUMN "notes" TEXT DEFAULT NULL;`,
      `ALTER TABLE "shoppingItems" ADD COLUMN "notes__ts" TEXT NOT NULL DEFAULT '0000-01-01T00:00:00.000Z';`,
    ]);
    // The quota triggers are redefined to measure the new column too.
    expect(planned.slice(2).join("\n")).toMatch(/CREATE TRIGGER "shoppingItems_quota_update"[^;]*"notes"/);
    // Rows stored before were counted without it: every household is counted afresh, notes included.
    expect(planned.at(-1)).toMatch(/^UPDATE "households" SET "rowCount" = .*"byteCount" = .*x\."notes"/);
  });

  test("a new table gets its CREATE TABLE and indexes; the generated SQL is read back as the definition", () => {
    const chores = defineTable("chores", { scope: "household", fields: { name: field.text({ max: 50 }) } });
    const planned = plannedStatements([...tables, chores], migrations);
    expect(planned[0]).toBe("-- chores (household-scoped)");
    expect(planned[1]).toMatch(/^CREATE TABLE "chores"/);
    expect(schemaFromMigrations([...migrations, planned.join("\n")]).get("chores")).toEqual(tableColumns(chores));
  });
});
