import { describe, expect, test } from "vitest";
import { TABLE_NAMES } from "../../core/tables";
import type { PushResponse } from "../../core/protocol";
import { type Account, call, jsonOf, registerAccount } from "../../../test/server-helpers";
import { MANY_CALLS, at, note, shoppingItem, task } from "../../../test/sync-test-kit";
import { EXPORT_PAGE_CHARS } from "./export";

// The export comes in pages, each one bounded request, on real local D1: joined, they hold every
// row once, whatever the household holds.

interface Page {
  format?: string;
  members?: unknown[];
  tables: Record<string, { id: string }[]>;
  next: string | null;
}

async function pushRows(who: Account, changes: Record<string, unknown[]>) {
  const res = await call("/api/sync/push", { token: who.token, body: { clientId: "d", changes }, env: MANY_CALLS });
  expect(res.status).toBe(200);
  const body = await jsonOf<PushResponse>(res);
  for (const list of Object.values(body.results)) for (const r of list) expect(r.status).toBe("applied");
}

async function exportPage(who: Account, cursor: string | null): Promise<{ page: Page; chars: number }> {
  const path = `/api/household/export${cursor === null ? "" : `?cursor=${encodeURIComponent(cursor)}`}`;
  const res = await call(path, { token: who.token });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { page: JSON.parse(text) as Page, chars: text.length };
}

describe("export pages", () => {
  test("a household larger than one page exports every row once, in pages of bounded size", async () => {
    const a = await registerAccount();
    const body = "n".repeat(90_000);
    for (let p = 0; p < 6; p++) {
      const notes = Array.from({ length: 10 }, (_, i) => note(`n${p}-${i}`, at(p * 10 + i), { body }));
      await pushRows(a, { notes });
    }
    const items = Array.from({ length: 1_200 }, (_, i) => shoppingItem(`i${i}`, at(i)));
    await pushRows(a, { shoppingItems: items.slice(0, 600) });
    await pushRows(a, { shoppingItems: items.slice(600), tasks: [task("t", at(1))] });

    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const { page, chars } = await exportPage(a, cursor);
      // A page ends after the query that takes it past the budget: never far past it.
      expect(chars).toBeLessThan(EXPORT_PAGE_CHARS * 2);
      pages.push(page);
      cursor = page.next;
    } while (cursor !== null && pages.length < 20);
    expect(cursor).toBeNull();
    // 5.4 MB of notes: more than one page.
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.format).toBe("domus-export/v1");
    expect(pages.slice(1).every((p) => p.format === undefined && p.members === undefined)).toBe(true);

    const joined = new Map<string, string[]>();
    for (const p of pages) {
      for (const [t, rows] of Object.entries(p.tables))
        joined.set(t, [...(joined.get(t) ?? []), ...rows.map((r) => r.id)]);
    }
    // Every table, in the server's order, each row once.
    expect([...joined.keys()]).toEqual([...TABLE_NAMES]);
    expect(joined.get("notes")).toHaveLength(60);
    expect(new Set(joined.get("notes")).size).toBe(60);
    expect(joined.get("shoppingItems")?.sort()).toEqual(items.map((r) => String(r.id)).sort());
    expect(joined.get("tasks")).toEqual(["t"]);
  });

  test("a cursor it never gave is refused with a clear error, and changes nothing", async () => {
    const a = await registerAccount();
    for (const bad of ["x", "99:0", "1:-1", "1:99999999999999999", "0:1:2", ""]) {
      const res = await call(`/api/household/export?cursor=${encodeURIComponent(bad)}`, { token: a.token });
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: /export cursor/ } });
    }
    // The cursor of the end: an empty last page.
    const end = await exportPage(a, `${TABLE_NAMES.length}:0`);
    expect(end.page).toEqual({ tables: {}, next: null });
  });
});
