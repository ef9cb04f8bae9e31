import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { quotaTriggers, tableColumns, tsColumn } from "../../core/ddl";
import type { TableDef } from "../../core/define-table";
import { TABLES } from "../../core/tables";

// The schema is checked, not trusted: the D1 database this suite runs on was built by applying every
// file of migrations/ (test/apply-migrations.ts). Every synced table and column must be exactly what
// src/core/tables.ts defines, with the SQLite type its field stores, or a push would fail with a 500.

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
}

async function columnsOf(db: D1Database, table: string): Promise<ColumnInfo[]> {
  const { results } = await db
    .prepare(`SELECT name, type, "notnull" FROM pragma_table_info(?1)`)
    .bind(table)
    .all<ColumnInfo>();
  return results;
}

describe("the D1 schema built from migrations/ matches the table definitions", () => {
  for (const [binding, db] of [
    ["DB", env.DB],
    ["DB_SHARD_2", env.DB_SHARD_2],
  ] as const) {
    test(`every synced table and column, with its type (${binding})`, async () => {
      for (const table of Object.values(TABLES) as TableDef[]) {
        const columns = await columnsOf(db, table.name);
        expect(columns.map((c) => c.name).toSorted(), table.name).toEqual(tableColumns(table).toSorted());
        const byName = new Map(columns.map((c) => [c.name, c]));
        for (const f of table.mergeFields) {
          expect(byName.get(f)?.type, `${table.name}.${f}`).toBe(table.fieldDefs[f]?.sqlType);
          expect(byName.get(tsColumn(f)), `${table.name}.${tsColumn(f)}`).toMatchObject({ type: "TEXT", notnull: 1 });
        }
        const indexes = await db
          .prepare(`SELECT name FROM pragma_index_list(?1)`)
          .bind(table.name)
          .all<{ name: string }>();
        expect(
          indexes.results.map((i) => i.name),
          table.name,
        ).toContain(`${table.name}_changes`);
      }
    });
  }

  test("every synced table's quota triggers count every column it has now", async () => {
    // A column added without redefining the triggers would be stored free of quota.
    for (const table of Object.values(TABLES) as TableDef[]) {
      const { results } = await env.DB.prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 AND name LIKE '%_quota_%'`,
      )
        .bind(table.name)
        .all<{ name: string; sql: string }>();
      const expected = quotaTriggers(table)
        .filter((s) => s.startsWith("CREATE TRIGGER"))
        .map((s) => s.replace(/;$/, ""));
      expect(results.map((r) => r.sql).toSorted(), table.name).toEqual(expected.toSorted());
    }
  });

  test("no synced-looking table exists that the definitions do not know", async () => {
    const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all<{
      name: string;
    }>();
    const synced: string[] = [];
    for (const { name } of results.filter((r) => !/^(_cf_|sqlite_)/.test(r.name))) {
      if ((await columnsOf(env.DB, name)).some((c) => c.name === "deletedAt__ts")) synced.push(name);
    }
    expect(synced.toSorted()).toEqual(Object.keys(TABLES).toSorted());
  });
});
