import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import { newAccount, openTab, see, signUp, task, waitForSyncStatus, waitUntilReadyOffline } from "./pages";

// Reminders in Chromium: the app badge from the device's own rows, the service worker's push and
// notificationclick handlers (a push message delivered through DevTools, as a push service would),
// and the Settings switches.

const { newDevice } = useBrowser();

/** Records every Badging API call of the page (the real API is still called). */
const OBSERVE_BADGE = `(() => {
  window.__badge = [];
  for (const [name, record] of [["setAppBadge", (n) => n], ["clearAppBadge", () => 0]]) {
    const original = Navigator.prototype[name];
    if (typeof original !== "function") continue;
    Object.defineProperty(Navigator.prototype, name, {
      configurable: true,
      writable: true,
      value: function (...args) {
        window.__badge.push(record(...args));
        return original.apply(this, args);
      },
    });
  }
})();`;

/** The count the app last put on its badge (0: cleared), or null before any call. */
const lastBadge = (page: Page) =>
  page.evaluate(() => (window as unknown as { __badge: number[] }).__badge.at(-1) ?? null);

const localDay = (page: Page, offsetDays: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, offsetDays);

async function addChore(page: Page, title: string, due: string): Promise<void> {
  await page.getByLabel("New task").fill(title);
  await page.getByLabel("Due", { exact: true }).fill(due);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await see(task(page, title));
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

/** The notifications the app's service worker shows now. */
const shown = (page: Page) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
  });

async function allowNotifications(context: BrowserContext, page: Page): Promise<void> {
  await context.grantPermissions(["notifications"], { origin: new URL(page.url()).origin });
}

test("the app badge counts the chores due today or overdue and follows each change", async (ctx) => {
  const phone = await newDevice(ctx);
  await phone.context.addInitScript(OBSERVE_BADGE);
  await signUp(phone.page, newAccount("Alex"));
  await openTab(phone.page, "Today");
  await addChore(phone.page, "Water the plants", await localDay(phone.page, 0));
  await expect.poll(() => lastBadge(phone.page)).toBe(1);
  await addChore(phone.page, "Pay the rent", await localDay(phone.page, -1));
  await addChore(phone.page, "Defrost the freezer", await localDay(phone.page, 3));
  await expect.poll(() => lastBadge(phone.page)).toBe(2);
  await task(phone.page, "Water the plants").click();
  await expect.poll(() => lastBadge(phone.page)).toBe(1);

  // Offline it still follows the rows on the device.
  await phone.context.setOffline(true);
  await task(phone.page, "Pay the rent").click();
  await expect.poll(() => lastBadge(phone.page)).toBe(0);
  await phone.context.setOffline(false);

  // Switched off in Settings: cleared, and it stays off after a reload.
  await addChore(phone.page, "Descale the kettle", await localDay(phone.page, 0));
  await expect.poll(() => lastBadge(phone.page)).toBe(1);
  await openTab(phone.page, "Settings");
  const badge = phone.page.getByRole("switch", { name: "App badge" });
  await expect.poll(() => badge.isChecked()).toBe(true);
  // As in the switches test below: toggled once the device has settled after coming back online.
  await waitForSyncStatus(phone.page, "Synced");
  await badge.press("Space");
  await expect.poll(() => badge.isChecked()).toBe(false);
  await expect.poll(() => lastBadge(phone.page)).toBe(0);
  await phone.page.reload();
  await expect.poll(() => phone.page.getByRole("switch", { name: "App badge" }).isChecked()).toBe(false);
  await expect.poll(() => lastBadge(phone.page)).toBe(0);
});

test("a push message shows its notice; clicking it takes the open app to the notice's page", async (ctx) => {
  const phone = await newDevice(ctx);
  await signUp(phone.page, newAccount("Sam"));
  await waitUntilReadyOffline(phone.page);
  await allowNotifications(phone.context, phone.page);
  await openTab(phone.page, "Settings");
  const origin = new URL(phone.page.url()).origin;
  const cdp = await phone.context.newCDPSession(phone.page);
  const registration = await registrationId(cdp, origin);

  const message = {
    title: "New chore for you",
    body: "Alex gave you “Hoover the stairs”.",
    tag: "assigned-t1",
    url: "/",
  };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: registration,
    data: JSON.stringify(message),
  });
  await expect.poll(() => shown(phone.page)).toEqual([{ title: message.title, body: message.body, tag: message.tag }]);
  // The same tag replaces the notice instead of stacking a second one.
  const again = { ...message, body: "Alex gave you “Hoover the landing”." };
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: registration,
    data: JSON.stringify(again),
  });
  await expect.poll(() => shown(phone.page)).toEqual([{ title: again.title, body: again.body, tag: again.tag }]);

  // A click on it (dispatched in the worker, as the browser would) closes it and brings the app to "/".
  const [worker] = phone.context.serviceWorkers();
  expect(worker).toBeDefined();
  // A string: the worker's globals (NotificationEvent, registration) are not in the page's DOM types.
  await worker!.evaluate(`(async () => {
    const [notification] = await self.registration.getNotifications();
    self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
  })()`);
  await expect.poll(() => new URL(phone.page.url()).pathname).toBe("/");
  await see(phone.page.getByRole("heading", { level: 1, name: "Today" }));
  await expect.poll(() => shown(phone.page)).toEqual([]);
});

test("the reminder switches are reachable by keyboard and keep their state across reloads", async (ctx) => {
  const phone = await newDevice(ctx, { phone: false });
  await signUp(phone.page, newAccount("Robin"));
  // The device has moved into the account's own database and synced once before anything is set.
  await waitForSyncStatus(phone.page, "Synced");
  await openTab(phone.page, "Settings");
  const section = phone.page.getByRole("region", { name: "Reminders" });
  const assigned = section.getByRole("switch", { name: "When someone gives me a chore" });
  const daily = section.getByRole("switch", { name: "Daily reminder" });
  await expect.poll(() => assigned.isChecked()).toBe(true);
  await expect.poll(() => daily.isChecked()).toBe(true);
  await assigned.focus();
  await phone.page.keyboard.press("Space");
  await expect.poll(() => assigned.isChecked()).toBe(false);
  await daily.press("Space");
  await expect.poll(() => daily.isChecked()).toBe(false);
  await phone.page.reload();
  await expect
    .poll(() => section.getByRole("switch", { name: "When someone gives me a chore" }).isChecked())
    .toBe(false);
  await expect.poll(() => section.getByRole("switch", { name: "Daily reminder" }).isChecked()).toBe(false);
  await expect.poll(() => section.getByRole("switch", { name: "App badge" }).isChecked()).toBe(true);

  // This device: asking for permission, which this browser refuses, leaves it off and says why.
  const device = section.getByRole("switch", { name: "Notifications on this device" });
  await expect.poll(() => device.isChecked()).toBe(false);
  await device.press("Space");
  await see(section.getByText(/Notifications are blocked for Domus in this browser/));
  await expect.poll(() => device.isDisabled()).toBe(true);
  await expect.poll(() => device.isChecked()).toBe(false);
});
