import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { z } from "zod";
import { preferenceId } from "../src/client/preference-id";
import { useBrowser } from "./fixtures";
import {
  addNote,
  addShoppingItem,
  addTask,
  createInvite,
  heading,
  newAccount,
  note,
  openTab,
  see,
  shoppingItem,
  signUp,
  syncNow,
  task,
} from "./pages";
import { CURRENT_VERSIONS } from "../src/core/schema-version";

const { newDevice } = useBrowser();

const me = z.object({ user: z.object({ id: z.string() }) });
const preferenceRow = z.object({ id: z.string(), userId: z.string(), key: z.string(), value: z.unknown() });
const householdExport = z.object({ tables: z.object({ preferences: z.array(preferenceRow) }) });
const pushResponse = z.object({ results: z.object({ preferences: z.array(z.object({ status: z.string() })) }) });
const pullResponse = z.object({ changes: z.record(z.string(), z.array(z.unknown())) });

// The app's screens store no preference yet, so a preference is written the way a device syncs one:
// through the sync API with that member's own session cookie.
async function setPreference(page: Page, key: string, value: unknown): Promise<string> {
  const { user } = me.parse(await (await page.request.get("/api/auth/me")).json());
  const now = new Date().toISOString();
  const row = { id: preferenceId(user.id, key), createdAt: now, updatedAt: now, key, value, deletedAt: null };
  const res = await page.request.post("/api/sync/push", {
    data: {
      ...CURRENT_VERSIONS,
      clientId: "e2e-preferences",
      changes: { preferences: [row] },
    },
  });
  const answer: unknown = await res.json();
  if (!res.ok()) return JSON.stringify(answer);
  return pushResponse.parse(answer).results.preferences[0]?.status ?? "missing";
}

async function exportedPreferences(page: Page) {
  const res = await page.request.get("/api/household/export");
  expect(res.status()).toBe(200);
  return householdExport.parse(await res.json()).tables.preferences;
}

test("a member who joins with an invite code shares the lists, while each member's preferences stay their own", async (ctx) => {
  const alex = newAccount("Alex Moreau", "Harbour House");
  const robin = newAccount("Robin Achebe");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  const code = await createInvite(alexPhone.page);
  expect(code).toMatch(/^\S{6,}$/);

  const robinPhone = await newDevice(ctx);
  await signUp(robinPhone.page, robin, { inviteCode: code });
  await see(robinPhone.page.getByRole("banner").getByText("Harbour House"));

  await openTab(alexPhone.page, "Tasks");
  await addTask(alexPhone.page, "Take out the bins");
  await openTab(alexPhone.page, "Shopping");
  await addShoppingItem(alexPhone.page, "Dish soap");
  await syncNow(alexPhone.page);
  await openTab(robinPhone.page, "Notes");
  await addNote(robinPhone.page, { title: "Wi-Fi", body: "harbour-guest / 12345678" });
  await syncNow(robinPhone.page);

  await openTab(robinPhone.page, "Tasks");
  await see(task(robinPhone.page, "Take out the bins"));
  await openTab(robinPhone.page, "Shopping");
  await see(shoppingItem(robinPhone.page, "Dish soap"));
  await syncNow(alexPhone.page);
  await openTab(alexPhone.page, "Notes");
  await see(note(alexPhone.page, "Wi-Fi"));

  await openTab(robinPhone.page, "Settings");
  await robinPhone.page.getByRole("link", { name: "Members & invites" }).click();
  await see(heading(robinPhone.page, "Harbour House"));
  const members = robinPhone.page.getByRole("region", { name: "Members" });
  await see(members.getByText("Alex Moreau"));
  await see(members.getByText("Robin Achebe (you)"));

  // Each member's preferences stay their own: the other member can neither read nor overwrite them.
  expect(await setPreference(alexPhone.page, "theme", "dark")).toBe("applied");
  expect(await setPreference(robinPhone.page, "theme", "light")).toBe("applied");
  expect((await exportedPreferences(alexPhone.page)).map((p) => [p.key, p.value])).toEqual([["theme", "dark"]]);
  expect((await exportedPreferences(robinPhone.page)).map((p) => [p.key, p.value])).toEqual([["theme", "light"]]);
  const pulled = pullResponse.parse(
    await (
      await robinPhone.page.request.post("/api/sync/pull", {
        data: { ...CURRENT_VERSIONS, cursor: null },
      })
    ).json(),
  );
  expect(pulled.changes.preferences ?? []).toHaveLength(1);

  const { user } = me.parse(await (await alexPhone.page.request.get("/api/auth/me")).json());
  const now = new Date().toISOString();
  const forged = { id: preferenceId(user.id, "theme"), createdAt: now, updatedAt: now, key: "theme", value: "pink" };
  const res = await robinPhone.page.request.post("/api/sync/push", {
    data: {
      ...CURRENT_VERSIONS,
      clientId: "e2e-forger",
      changes: { preferences: [forged] },
    },
  });
  expect(pushResponse.parse(await res.json()).results.preferences[0]?.status).toBe("rejected");
  expect((await exportedPreferences(alexPhone.page)).map((p) => p.value)).toEqual(["dark"]);
});
