import type { Page } from "playwright-core";
import { type TestContext, expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addShoppingItem,
  eventually,
  goOffline,
  goOnline,
  heading,
  newAccount,
  openTab,
  see,
  shoppingItem,
  signIn,
  signUp,
  waitForSyncStatus,
  waitUntilReadyOffline,
} from "./pages";

const { newDevice } = useBrowser();

/** Paths (with their search, as the cache keys hold them) in the service worker's precache. */
async function precachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes("precache")) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        urls.push(url.pathname + url.search);
      }
    }
    return urls;
  });
}

test.concurrent(
  "after one online visit, pages never opened on this device open offline, with their own content",
  async (ctx) => {
    const { page, context } = await newDevice(ctx);
    await page.goto("/");
    await see(heading(page, "Today"));
    await waitUntilReadyOffline(page);

    await goOffline(context);
    // None of these was opened; the old worker's hand-kept list did not hold the first three at all.
    const pages: [string, string][] = [
      ["/forgot-password", "Forgot your password?"],
      ["/verify-email", "Confirm your email"],
      ["/reset-password", "Choose a new password"],
      ["/notes", "Notes"],
      ["/settings", "Settings"],
    ];
    for (const [path, title] of pages) {
      const response = await page.goto(path);
      expect(response?.fromServiceWorker(), path).toBe(true);
      await see(heading(page, title));
    }
    await goOnline(context);
  },
);

test.concurrent(
  "a file an older build left in the precache is dropped when this build's worker activates",
  async (ctx) => {
    const { page } = await newDevice(ctx);
    await page.goto("/");
    await waitUntilReadyOffline(page);
    const before = await precachedUrls(page);
    expect(before.some((u) => u.startsWith("/_next/static/"))).toBe(true);
    expect(before.some((u) => u.startsWith("/shopping?"))).toBe(true);

    // What an older build's worker left: a chunk this build no longer has, in the same precache.
    const stale = "/_next/static/chunks/from-an-older-build.js";
    await page.evaluate(async (path) => {
      const name = (await caches.keys()).find((n) => n.includes("precache"));
      if (!name) throw new Error("no precache");
      await (
        await caches.open(name)
      ).put(path, new Response("// old", { headers: { "content-type": "text/javascript" } }));
    }, stale);
    expect(await precachedUrls(page)).toContain(stale);

    // A deploy: the browser registers a changed worker script (here this build's own, under a new
    // URL), installs it and lets it take over, as after any release.
    await page.evaluate(() => navigator.serviceWorker.register("/sw.js?the-next-deploy", { scope: "/" }));
    await eventually(
      "the older build's file to leave the precache",
      () => precachedUrls(page),
      (urls) => !urls.includes(stale),
    );
    const after = await precachedUrls(page);
    expect(after.some((u) => u.startsWith("/shopping?"))).toBe(true);
  },
);

/** Sam's account, with "Oat milk" on the list, sent from a phone. */
async function accountWithOatMilk(ctx: TestContext) {
  const sam = newAccount("Sam");
  const phone = await newDevice(ctx);
  await signUp(phone.page, sam);
  await openTab(phone.page, "Shopping");
  await addShoppingItem(phone.page, "Oat milk");
  await waitForSyncStatus(phone.page, "Synced");
  return sam;
}

test.concurrent(
  "a new device downloads the household's rows before its service worker installs, and then opens offline",
  async (ctx) => {
    const sam = await accountWithOatMilk(ctx);

    // What the new device asks for, in order: the worker's script, and the pull requests answered.
    const laptop = await newDevice(ctx, { phone: false });
    const seen: string[] = [];
    laptop.context.on("request", (r) => {
      if (new URL(r.url()).pathname === "/sw.js") seen.push("worker");
    });
    laptop.context.on("requestfinished", (r) => {
      if (new URL(r.url()).pathname === "/api/sync/pull") seen.push("pulled");
    });
    await laptop.page.goto("/signin");
    await see(heading(laptop.page, "Welcome back"));
    seen.push("signing in");
    await signIn(laptop.page, sam);
    await openTab(laptop.page, "Shopping");
    await see(shoppingItem(laptop.page, "Oat milk"));
    await waitUntilReadyOffline(laptop.page);

    // The sign-in page installs nothing; the install (every page and chunk of the build, fetched and
    // stored) waits until the first download has been answered, instead of competing with it.
    expect(seen.indexOf("signing in")).toBe(0);
    expect(seen.indexOf("worker")).toBeGreaterThan(seen.indexOf("pulled"));
    expect(seen.indexOf("pulled")).toBeGreaterThan(0);

    await goOffline(laptop.context);
    const response = await laptop.page.goto("/shopping");
    expect(response?.fromServiceWorker()).toBe(true);
    await see(shoppingItem(laptop.page, "Oat milk"));
    await goOnline(laptop.context);
  },
);

// On its own, after the tests above: run with them, its two devices and the worker's install made
// their waits for the worker time out at times on a 2-core machine.
test("a first download that lasts longer than 30 s holds the service worker back no longer than that", async (ctx) => {
  const sam = await accountWithOatMilk(ctx);

  // The new device's first download is held at the server's door until the test lets it through.
  const laptop = await newDevice(ctx, { phone: false });
  let letThrough = () => undefined as void;
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  await laptop.context.route("**/api/sync/pull*", async (route) => {
    await held;
    await route.continue();
  });
  // The page's timers run on a clock the test moves: 30 s pass without waiting for them.
  await laptop.page.clock.install();
  await signIn(laptop.page, sam);
  await waitForSyncStatus(laptop.page, /^(Syncing…|Receiving \d+%)$/);
  const registered = () => laptop.page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) != null);
  ctx.expect(await registered()).toBe(false);

  await laptop.page.clock.fastForward(30_000);
  await ctx.expect.poll(registered, { timeout: 15_000 }).toBe(true);
  await waitUntilReadyOffline(laptop.page);

  letThrough();
  await openTab(laptop.page, "Shopping");
  await see(shoppingItem(laptop.page, "Oat milk"));
});
