import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import { addTask, heading, newAccount, openTab, see, shoppingItem, signIn, signUp, task } from "./pages";

const { newDevice } = useBrowser();

test("an unknown address shows the app's shell and a way home", async (ctx) => {
  const { page } = await newDevice(ctx);
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await see(page.getByRole("heading", { name: "There is no page here" }));
  await see(page.getByRole("navigation", { name: "Main" }).filter({ visible: true }));
  await page.getByRole("link", { name: "Back to Today" }).click();
  await see(heading(page, "Today"));
});

test("sign-in and sign-up notice a member who is already signed in", async (ctx) => {
  const { page } = await newDevice(ctx);
  const kim = newAccount("Kim Ortega", "Maple Row");
  await signUp(page, kim);
  for (const path of ["/signin", "/signup"]) {
    await page.goto(path);
    await see(page.getByRole("status").filter({ hasText: "You are signed in as Kim Ortega" }));
  }
  await page.getByRole("link", { name: "Go to Today" }).click();
  await see(heading(page, "Today"));
});

test("on a phone, the sync table that scrolls sideways is reached and scrolled by keyboard", async (ctx) => {
  const { page } = await newDevice(ctx);
  await signUp(page, newAccount("Noor Haddad"));
  await openTab(page, "Settings");
  const table = page.getByRole("region", { name: "Sync by list" });
  await see(table);
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await table.evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  const scrollable = await table.evaluate((el) => el.scrollWidth > el.clientWidth);
  if (scrollable) {
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  }
});

test("signing out while keeping the data says where the data is instead of showing an empty list", async (ctx) => {
  const { page } = await newDevice(ctx);
  const lou = newAccount("Lou Park", "Birch Lane");
  await signUp(page, lou);
  await addTask(page, "Defrost the freezer");
  await openTab(page, "Settings");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Keep this device's data" }).click();
  // Signing out takes a request and a database switch; the app goes home when it is done. Navigating
  // before that would cut the sign-out short.
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe("/");
  await page.reload();
  await see(heading(page, "Today"));
  const notice = page.getByRole("note", { name: "Your data is kept on this device" });
  await see(notice);
  await see(notice.getByText(`You signed out of ${lou.email}`));
  expect(await page.getByRole("heading", { name: "No tasks yet" }).count()).toBe(0);
  await notice.getByRole("link", { name: "Sign in again" }).click();
  await signIn(page, lou);
  await see(task(page, "Defrost the freezer"));
});

test("a refused sign-up moves focus to the first field in error, and an empty password shows only its error", async (ctx) => {
  const { page } = await newDevice(ctx);
  await page.goto("/signup");
  await page.getByLabel("Your name", { exact: true }).fill("Ash");
  await page.getByRole("button", { name: "Create account" }).click();
  const email = page.getByLabel("Email", { exact: true });
  await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
  const password = page.getByLabel("Password", { exact: true });
  await expect.poll(() => password.getAttribute("aria-invalid")).toBe("true");
  const described = await password.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" | "),
  );
  expect(described).toBe("Use at least 8 characters (0 so far).");
});

test("on a phone, no placeholder is cut off", async (ctx) => {
  const { page } = await newDevice(ctx);
  await signUp(page, newAccount("Ren Ito"));
  for (const tab of ["Today", "Shopping"] as const) {
    await openTab(page, tab);
    const cut = await page.evaluate(() => {
      const ctx2d = document.createElement("canvas").getContext("2d");
      const out: string[] = [];
      for (const input of document.querySelectorAll<HTMLInputElement>("input[placeholder]")) {
        const style = getComputedStyle(input);
        if (!ctx2d || input.offsetParent === null) continue;
        ctx2d.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (ctx2d.measureText(input.placeholder).width > room) out.push(input.placeholder);
      }
      return out;
    });
    expect(cut, tab).toEqual([]);
  }
});

/**
 * Holds the page's script until `release()`: the page shows the server's HTML and takes input, as on a
 * slow network (or served from the service worker's cache, its script still loading). The device must
 * have no service worker, so that every request reaches this route.
 */
async function holdScripts(page: Page): Promise<{ release(): void }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await held;
    await route.continue();
  });
  return { release: () => release() };
}

/** Opens `path` without waiting for "load" or DOMContentLoaded: both wait for a held script. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: "commit" });
}

test("what is typed before the page's script has loaded is kept, and added", async (ctx) => {
  const { page } = await newDevice(ctx, { serviceWorker: false });
  let scripts = await holdScripts(page);
  await open(page, "/");
  await see(heading(page, "Today"));
  await page.getByLabel("New task").fill("Water the ferns");
  scripts.release();
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await see(task(page, "Water the ferns"));

  await page.unrouteAll();
  scripts = await holdScripts(page);
  await open(page, "/shopping");
  await see(heading(page, "Shopping"));
  const form = page.getByRole("form", { name: "Add to the shopping list" });
  await form.getByLabel("Item", { exact: true }).fill("Rye flour");
  await form.getByLabel("Qty").fill("2");
  await form.getByLabel("Unit").fill("kg");
  scripts.release();
  await form.getByRole("button", { name: "Add" }).click();
  await see(shoppingItem(page, "Rye flour", "2 kg"));
});

test("a password typed before the page's script has loaded is kept, and never goes into the address", async (ctx) => {
  const kim = newAccount("Kim Ortega", "Maple Row");
  await signUp((await newDevice(ctx)).page, kim);

  const { page } = await newDevice(ctx, { serviceWorker: false });
  const addresses: string[] = [];
  page.on("framenavigated", (frame) => addresses.push(frame.url()));
  const scripts = await holdScripts(page);
  await open(page, "/signin");
  await see(heading(page, "Welcome back"));
  await page.getByLabel("Email", { exact: true }).fill(kim.email);
  await page.getByLabel("Password", { exact: true }).fill(kim.password);
  // Nothing can send the form yet: the browser would send it itself, reloading the page without what
  // was typed (and a form's default would put the password in the address, its history and logs).
  const signInButton = page.getByRole("button", { name: "Sign in" });
  expect(await signInButton.isDisabled()).toBe(true);
  await page.getByLabel("Password", { exact: true }).press("Enter");

  scripts.release();
  await signInButton.click();
  await see(heading(page, "Today"));
  expect(addresses.length).toBeGreaterThan(0);
  for (const address of addresses) expect(new URL(address).search).toBe("");
});

test("a page that fails shows the app's shell, says nothing is lost and offers a way on", async (ctx) => {
  const { page } = await newDevice(ctx);
  // A local-only page (src/app/dev/crash) that throws once it runs in the browser.
  await page.goto("/dev/crash");
  const alert = page.getByRole("alert").filter({ hasText: "This page stopped working" });
  await see(alert);
  await expect.poll(() => alert.textContent()).toContain("Nothing you saved is lost");
  await see(page.getByRole("button", { name: "Try again" }));
  await see(page.getByRole("button", { name: "Reload the page" }));
  // The navigation still works; Next's own error page (blocked inline style) never showed: the
  // suite fails a test on any Content-Security-Policy violation (e2e/csp-guard.ts).
  await openTab(page, "Shopping");
});
