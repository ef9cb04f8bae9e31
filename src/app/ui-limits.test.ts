import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { TABLE_NAMES, maxLength, tableDef } from "@/core/tables";

// The UI's input limits come from the table definitions (src/core/tables.ts) through `maxLength`;
// a number written into a page would drift when a definition changes. docs/adding-a-field.md.
const PAGES = path.join(import.meta.dirname, "(app)");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".tsx"))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("UI input limits", () => {
  test("no page of a synced table writes a length limit by hand", () => {
    const literal = /maxLength=\{\s*[\d_]+\s*\}|maxLength="\d+"/;
    const offenders = sources(PAGES).filter((file) => literal.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(PAGES, f))).toEqual([]);
    // The scan sees the pages that take text (it would pass vacuously on an empty folder).
    expect(sources(PAGES).some((f) => readFileSync(f, "utf8").includes('maxLength("shoppingItems", "name")'))).toBe(
      true,
    );
  });

  test("maxLength of every text field of every table is what validation accepts, and one more is refused", () => {
    let checked = 0;
    for (const name of TABLE_NAMES) {
      for (const [key, def] of Object.entries(tableDef(name).fieldDefs)) {
        if (def.maxLength === undefined) continue;
        const max = maxLength(name, key as never);
        expect(def.schema.safeParse("x".repeat(max)).success, `${name}.${key} at ${max}`).toBe(true);
        expect(def.schema.safeParse("x".repeat(max + 1)).success, `${name}.${key} at ${max + 1}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
