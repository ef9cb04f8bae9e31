import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { expect, test } from "vitest";
import { useDevices } from "./fixtures";
import {
  addShoppingItem,
  goOffline,
  goOnline,
  newAccount,
  openTab,
  see,
  shoppingItem,
  signIn,
  signUp,
  waitForSyncStatus,
  waitUntilReadyOffline,
} from "./pages";

const newDevice = useDevices();
const TAG = "domus-sync";

/** Shopping items the server holds for the user signed in on `context` (its session cookie; never offline). */
async function namesOnServer(context: BrowserContext): Promise<string[]> {
  const res = await context.request.get("/api/household/export");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { tables: { shoppingItems: { name: string; deletedAt: string | null }[] } };
  return body.tables.shoppingItems.filter((i) => i.deletedAt === null).map((i) => i.name);
}

/** The Background Sync tags waiting in the page's service worker registration. */
async function waitingSyncTags(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const sync: unknown = "sync" in registration ? registration.sync : null;
    if (typeof sync !== "object" || sync === null || !("getTags" in sync) || typeof sync.getTags !== "function") {
      return ["(this browser has no Background Sync)"];
    }
    const tags: unknown = await sync.getTags();
    return Array.isArray(tags) ? tags.map(String) : [];
  });
}

/** The id DevTools knows the origin's service worker registration by. */
async function registrationId(cdp: CDPSession, origin: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  return found;
}

test("online, a new item is sent by the service worker, not by the page", async () => {
  const ana = newAccount("Ana");
  const phone = await newDevice();
  await signUp(phone.page, ana);
  await waitUntilReadyOffline(phone.page);
  await openTab(phone.page, "Shopping");
  await waitForSyncStatus(phone.page, "Synced");

  // Every sync request from here on, and whether the worker or the page made it.
  const requests: { path: string; fromWorker: boolean }[] = [];
  phone.context.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path === "/api/sync/push" || path === "/api/sync/pull") {
      requests.push({ path, fromWorker: request.serviceWorker() !== null });
    }
  });
  await addShoppingItem(phone.page, "Oat milk");
  await expect.poll(() => namesOnServer(phone.context), { timeout: 15_000 }).toContain("Oat milk");
  await waitForSyncStatus(phone.page, "Synced");
  // A second device signs in meanwhile: seconds, long after the page's own sync would have run.
  const laptop = await newDevice();
  await signIn(laptop.page, ana);
  await openTab(laptop.page, "Shopping");
  await see(shoppingItem(laptop.page, "Oat milk"));
  // The worker pushed and pulled; the page sent nothing, not even a pull for the poke its push caused.
  expect(requests.filter((r) => r.fromWorker).map((r) => r.path)).toEqual(["/api/sync/push", "/api/sync/pull"]);
  expect(requests.filter((r) => !r.fromWorker)).toEqual([]);

  // The page still pulls what others change (a poke).
  await addShoppingItem(laptop.page, "Rye bread");
  await see(shoppingItem(phone.page, "Rye bread"));
  expect(requests.filter((r) => !r.fromWorker).map((r) => r.path)).toContain("/api/sync/pull");
});

test("an item added offline just before the tab closed reaches the household through the service worker", async () => {
  const sam = newAccount("Sam");
  const phone = await newDevice();
  await signUp(phone.page, sam);
  await waitUntilReadyOffline(phone.page);
  await openTab(phone.page, "Shopping");
  await waitForSyncStatus(phone.page, "Synced");

  await goOffline(phone.context);
  await addShoppingItem(phone.page, "Birthday candles");
  await waitForSyncStatus(phone.page, "Offline · 1 waiting");
  // The page asked the browser for a sync once it has a network; it fires at the worker, not the page.
  await expect.poll(() => waitingSyncTags(phone.page)).toContain(TAG);

  // DevTools for this profile from a blank tab, then the app's only tab closes, still offline.
  const origin = new URL(phone.page.url()).origin;
  const blank = await phone.context.newPage();
  const cdp = await phone.context.newCDPSession(blank);
  const id = await registrationId(cdp, origin);
  await phone.page.close();
  expect(await namesOnServer(phone.context)).not.toContain("Birthday candles");

  // Back online, the browser fires the sync by itself with no tab of the app open. The server is
  // made unreachable for that first try, so it fails and the change must wait for the next one.
  const refused: { path: string; fromWorker: boolean }[] = [];
  await phone.context.route("**/api/sync/**", (route) => {
    const request = route.request();
    refused.push({ path: new URL(request.url()).pathname, fromWorker: request.serviceWorker() !== null });
    return route.abort("connectionrefused");
  });
  await goOnline(phone.context);
  await expect.poll(() => refused, { timeout: 15_000 }).toContainEqual({ path: "/api/sync/push", fromWorker: true });
  expect(refused.every((r) => r.fromWorker)).toBe(true);
  expect(await namesOnServer(phone.context)).not.toContain("Birthday candles");

  // The browser's next try (it waits minutes after a failure; DevTools fires it now) sends the change.
  await phone.context.unrouteAll();
  await cdp.send("ServiceWorker.dispatchSyncEvent", { origin, registrationId: id, tag: TAG, lastChance: false });
  await expect.poll(() => namesOnServer(phone.context), { timeout: 15_000 }).toContain("Birthday candles");

  const laptop = await newDevice();
  await signIn(laptop.page, sam);
  await openTab(laptop.page, "Shopping");
  await see(shoppingItem(laptop.page, "Birthday candles"));
});
