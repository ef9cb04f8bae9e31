import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { CURRENT_VERSIONS } from "../src/core/schema-version";
import { useBrowser } from "./fixtures";
import { addShoppingItem, newAccount, openTab, see, signUp, syncNow } from "./pages";

const { newDevice } = useBrowser();

// "Download household data" fetches the export a page at a time (each a bounded request) and saves
// one file: here a household of more than one page (5.4 MB of notes) and an item added in the app.
test("Download household data saves one file with every row, across the export's pages", async (ctx) => {
  const { page } = await newDevice(ctx);
  await signUp(page, newAccount("Ines"));
  await openTab(page, "Shopping");
  await addShoppingItem(page, "Oat milk");
  await syncNow(page);
  // Big notes, written the way another device of this account syncs them: its session's push API.
  const body = "n".repeat(90_000);
  for (let p = 0; p < 6; p++) {
    const at = new Date(Date.UTC(2026, 10, 1, 0, 0, p)).toISOString();
    const notes = Array.from({ length: 10 }, (_, i) => ({
      id: `note-${p}-${i}`,
      createdAt: at,
      updatedAt: at,
      title: `Note ${p}.${i}`,
      body,
      pinned: false,
      deletedAt: null,
    }));
    const res = await page.request.post("/api/sync/push", {
      data: { ...CURRENT_VERSIONS, clientId: "e2e-export", changes: { notes } },
    });
    expect(res.status()).toBe(200);
  }
  const first = (await (await page.request.get("/api/household/export")).json()) as { next: string | null };
  expect(first.next).not.toBeNull();

  await openTab(page, "Settings");
  const section = page.getByRole("region", { name: "Your data" });
  const downloading = page.waitForEvent("download");
  await section.getByRole("button", { name: "Download household data (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^domus-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    format: string;
    members: { name: string }[];
    tables: Record<string, { id: string; name?: string; body?: string }[]>;
    next?: unknown;
  };
  expect(file.format).toBe("domus-export/v1");
  expect(file.next).toBeUndefined();
  expect(file.members.map((m) => m.name)).toEqual(["Ines"]);
  expect(file.tables.shoppingItems?.map((r) => r.name)).toEqual(["Oat milk"]);
  expect(file.tables.notes).toHaveLength(60);
  expect(new Set(file.tables.notes?.map((n) => n.id)).size).toBe(60);
  expect(file.tables.notes?.every((n) => n.body === body)).toBe(true);
  await see(section.getByRole("status").filter({ hasText: /^Downloaded domus-.*\(61 items\)\.$/ }));
});
