// What migrations/ already create, table by table, and the DDL a set of table definitions still
// needs. Pure (text in, statements out), so the generator's decisions are tested.
import { quoteIdent, quotaRecount, quotaTriggers, tableColumns, tableDdl, tsColumn } from "../src/core/ddl";
import { COMMON_COLUMNS, type TableDef } from "../src/core/define-table";
import { LOWEST_STAMP } from "../src/core/time";

const IDENT = `"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*)`;
const unquote = (m: RegExpExecArray, at: number) => (m[at] ?? m[at + 1] ?? "").replaceAll('""', '"');

/** Columns of every table the migrations create, in order: CREATE TABLE plus later ADD COLUMNs. */
export function schemaFromMigrations(sqlFiles: readonly string[]): Map<string, string[]> {
  const schema = new Map<string, string[]>();
  const text = sqlFiles.map((f) => f.replace(/--[^\n]*/g, "")).join(";\n");
  for (const statement of text.split(";")) {
    const create = new RegExp(`^\\s*CREATE TABLE\\s+(?:IF NOT EXISTS\\s+)?(?:${IDENT})\\s*\\(([\\s\\S]*)\\)`, "i").exec(
      statement,
    );
    if (create) {
      const columns: string[] = [];
      for (const item of splitTopLevel(create[3] ?? "")) {
        const col = new RegExp(`^\\s*(?:${IDENT})`).exec(item);
        if (!col || /^\s*(PRIMARY|UNIQUE|CHECK|FOREIGN|CONSTRAINT)\b/i.test(item)) continue;
        columns.push(unquote(col, 1));
      }
      schema.set(unquote(create, 1), columns);
      continue;
    }
    const add = new RegExp(`^\\s*ALTER TABLE\\s+(?:${IDENT})\\s+ADD\\s+(?:COLUMN\\s+)?(?:${IDENT})`, "i").exec(
      statement,
    );
    if (add) schema.get(unquote(add, 1))?.push(unquote(add, 3));
    const drop = new RegExp(`^\\s*DROP TABLE\\s+(?:IF EXISTS\\s+)?(?:${IDENT})`, "i").exec(statement);
    if (drop) schema.delete(unquote(drop, 1));
  }
  return schema;
}

/** Splits a column list on commas outside parentheses. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of body) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  if (current.trim()) out.push(current);
  return out;
}

function literal(value: string | number | null): string {
  if (value === null) return "NULL";
  return typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/**
 * The statements that bring the migrated schema to the definitions: a CREATE for each new table, an
 * ADD COLUMN for each missing column of an existing one — decided per table, so a field name another
 * table already has is still added where it is missing.
 */
export function plannedStatements(tables: readonly TableDef[], sqlFiles: readonly string[]): string[] {
  const schema = schemaFromMigrations(sqlFiles);
  const statements: string[] = [];
  let retriggered = false;
  for (const table of tables) {
    const have = schema.get(table.name);
    if (!have) {
      statements.push(`-- ${table.name} (${table.scope}-scoped)`, ...tableDdl(table));
      continue;
    }
    const t = quoteIdent(table.name);
    const before = statements.length;
    for (const column of tableColumns(table)) {
      if (have.includes(column)) continue;
      const field = table.mergeFields.find((f) => f === column);
      const stampOf = table.mergeFields.find((f) => tsColumn(f) === column);
      const def = field === undefined ? undefined : table.fieldDefs[field];
      if (def) {
        statements.push(
          `ALTER TABLE ${t} ADD COLUMN ${quoteIdent(column)} ${def.sqlType} DEFAULT ${literal(def.encode(def.defaultValue))};`,
        );
      } else if (stampOf !== undefined) {
        // Existing rows never wrote the new field: its default carries the lowest stamp.
        statements.push(`ALTER TABLE ${t} ADD COLUMN ${quoteIdent(column)} TEXT NOT NULL DEFAULT '${LOWEST_STAMP}';`);
      } else if ((COMMON_COLUMNS as readonly string[]).includes(column)) {
        statements.push(`ALTER TABLE ${t} ADD COLUMN ${quoteIdent(column)} TEXT;`);
      }
    }
    // The quota triggers measure every value column: new columns need them redefined.
    if (statements.length > before) {
      statements.push(...quotaTriggers(table));
      retriggered = true;
    }
  }
  // The existing rows of a retriggered table were counted by the old formula: count everything afresh.
  if (retriggered)
    statements.push("-- What each household holds, counted as the triggers now count.", quotaRecount(tables));
  return statements;
}
