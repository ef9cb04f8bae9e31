import type { BrowserContext, Locator, Page } from "playwright-core";

// Page helpers: what a user does and sees, found by role and label (never by CSS class).

/** How long a helper waits for something a user would see before the test fails. */
export const SEE_TIMEOUT = 15_000;

export interface Account {
  name: string;
  email: string;
  password: string;
  household: string;
}

let accounts = 0;

/** A fresh account, unique across runs against one server. */
export function newAccount(name: string, household = `${name}'s home`): Account {
  accounts += 1;
  const tag = `${Date.now().toString(36)}${accounts}`;
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, ".");
  return { name, email: `${local}.${tag}@example.com`, password: "correct horse battery", household };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Re-reads `read` until `accept` holds, or fails with the last value read. (Not `expect.poll`: it is
 * tied to the one current test, which concurrent tests do not have.)
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeout = SEE_TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the user can see it. */
export async function see(locator: Locator, timeout = SEE_TIMEOUT): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}

/** Waits until it is gone from the screen. */
export async function noLongerSee(locator: Locator, timeout = SEE_TIMEOUT): Promise<void> {
  await locator.waitFor({ state: "hidden", timeout });
}

/**
 * How many rows stored in the app's IndexedDB databases hold `needle` in their JSON: in the database
 * named `database` (every "domus…" database if none), in `store` (every store if none). Read as the
 * rows are stored, so a row on screen that is still the page's optimistic copy is not counted.
 */
export async function storedRowsHolding(
  page: Page,
  needle: string,
  where: { database?: string; store?: string } = {},
): Promise<number> {
  return page.evaluate(
    async ({ needle, database, store }) => {
      const request = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      let count = 0;
      for (const { name } of await indexedDB.databases()) {
        if (!name || (database ? name !== database : !name.startsWith("domus"))) continue;
        const db = await request(indexedDB.open(name));
        try {
          for (const s of Array.from(db.objectStoreNames)) {
            if (store && s !== store) continue;
            const rows = await request(db.transaction(s).objectStore(s).getAll());
            count += rows.filter((r) => JSON.stringify(r).includes(needle)).length;
          }
        } finally {
          db.close();
        }
      }
      return count;
    },
    { needle, database: where.database, store: where.store },
  );
}

/**
 * Waits until a row holding `text` is stored in one of the app's IndexedDB databases, in `store`: the
 * write has committed. A row on screen may still be the page's optimistic copy of a write in flight,
 * and a full navigation (page.goto) or a reload at that moment aborts the write's transaction.
 */
export async function stored(page: Page, store: string, text: string, timeout = SEE_TIMEOUT): Promise<void> {
  await eventually(
    `a row holding ${JSON.stringify(text)} in IndexedDB (${store})`,
    () => storedRowsHolding(page, JSON.stringify(text), { store }),
    (count) => count > 0,
    timeout,
  );
}

export const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

// Accounts

async function fillAccountFields(page: Page, account: Account): Promise<void> {
  await page.getByLabel("Your name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
}

/** Creates the account (a new household, or joining one with `inviteCode`) and lands on Today. */
export async function signUp(page: Page, account: Account, options: { inviteCode?: string } = {}): Promise<void> {
  if (!page.url().endsWith("/signup")) await page.goto("/signup");
  await see(heading(page, /household/));
  await fillAccountFields(page, account);
  if (options.inviteCode) {
    await page.getByRole("radio", { name: "Join with an invite code" }).check();
    await page.getByRole("textbox", { name: "Invite code" }).fill(options.inviteCode);
    await page.getByRole("button", { name: "Join household" }).click();
  } else {
    await page.getByLabel("Household name").fill(account.household);
    await page.getByRole("button", { name: "Create account" }).click();
  }
  await see(heading(page, "Today"));
}

export async function signIn(page: Page, account: Account): Promise<void> {
  if (!page.url().endsWith("/signin")) await page.goto("/signin");
  await see(heading(page, "Welcome back"));
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await see(heading(page, "Today"));
}

// Navigation

/** "Tasks" is the former name of "Today" (the home screen, where tasks live). */
export type Tab = "Today" | "Tasks" | "Shopping" | "Notes" | "Settings";

/** Follows the main navigation (the top bar on wide screens, the tab bar on phones). */
export async function openTab(page: Page, tab: Tab): Promise<void> {
  const name = tab === "Tasks" ? "Today" : tab;
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name, exact: true })
    .filter({ visible: true })
    .click();
  await see(heading(page, name));
}

// The sync indicator

export const syncIndicator = (page: Page) => page.getByRole("banner").getByRole("status");

export async function syncLabel(page: Page): Promise<string> {
  return ((await syncIndicator(page).textContent()) ?? "").trim();
}

/** When the indicator says the last sync completed, in ms (0 when it shows none). */
async function lastSyncedAt(page: Page): Promise<number> {
  // <time> has no ARIA role to find it by; it is the indicator's "Last synced" time.
  const times = await page
    .getByRole("banner")
    .locator("time")
    .evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
  return Math.max(0, ...times.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t)));
}

/** "Synced" and "Live" both mean up to date with nothing waiting; "Live" adds that the socket is up. */
const UP_TO_DATE = /^(Synced|Live)$/;

export async function waitForSyncStatus(page: Page, label: string | RegExp, timeout = SEE_TIMEOUT): Promise<void> {
  const matcher =
    label === "Synced" ? UP_TO_DATE : typeof label === "string" ? new RegExp(`^${escapeRegExp(label)}$`) : label;
  await eventually(
    `the sync indicator to say ${String(label)}`,
    () => syncLabel(page),
    (l) => matcher.test(l),
    timeout,
  );
}

/**
 * Presses "Sync now" and waits until a sync that ended after the press left nothing waiting
 * ("Synced"): everything this device had is on the server, and it has what the server had.
 */
export async function syncNow(page: Page): Promise<void> {
  const pressedAt = await page.evaluate(() => Date.now());
  await page.getByRole("banner").getByRole("button", { name: "Sync now" }).click();
  await waitForSyncedSince(page, pressedAt);
}

/** Waits, without pressing anything, for a sync after `since` (page clock, ms) to leave nothing waiting. */
export async function waitForSyncedSince(page: Page, since: number, timeout = SEE_TIMEOUT): Promise<void> {
  await eventually(
    "a sync that ended after the change to leave nothing waiting",
    async () => ({ label: await syncLabel(page), fresh: (await lastSyncedAt(page)) >= since }),
    ({ label, fresh }) => UP_TO_DATE.test(label) && fresh,
    timeout,
  );
}

// Offline

/** After one online visit the service worker controls the page and has cached every route. */
export async function waitUntilReadyOffline(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: SEE_TIMEOUT });
}

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}

// Shopping

/** An item on the list, by its checkbox: named after the item, then ", ×2" or ", 2 kg" when not one. */
export function shoppingItem(page: Page, name: string, quantity?: string): Locator {
  // The quantity is visually hidden text inside the label, so the name may carry a space before the comma.
  const suffix = quantity === undefined ? "(\\s*, .+)?" : `\\s*, ${escapeRegExp(quantity)}`;
  return page.getByRole("checkbox", { name: new RegExp(`^${escapeRegExp(name)}${suffix}$`) });
}

export async function addShoppingItem(
  page: Page,
  name: string,
  options: { quantity?: string; unit?: string } = {},
): Promise<void> {
  const form = page.getByRole("form", { name: "Add to the shopping list" });
  await form.getByLabel("Item", { exact: true }).fill(name);
  if (options.quantity) await form.getByLabel("Qty").fill(options.quantity);
  if (options.unit) await form.getByLabel("Unit").fill(options.unit);
  await form.getByRole("button", { name: "Add" }).click();
  await see(shoppingItem(page, name));
  await stored(page, "shoppingItems", name);
}

export async function editShoppingItem(
  page: Page,
  name: string,
  patch: { name?: string; quantity?: string; unit?: string; category?: string },
): Promise<void> {
  await page.getByRole("button", { name: `Edit ${name}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Edit item" });
  await see(dialog);
  if (patch.name !== undefined) await dialog.getByLabel("Item", { exact: true }).fill(patch.name);
  if (patch.quantity !== undefined) await dialog.getByLabel("Quantity").fill(patch.quantity);
  if (patch.unit !== undefined) await dialog.getByLabel("Unit").fill(patch.unit);
  if (patch.category !== undefined) await dialog.getByLabel("Aisle or category").fill(patch.category);
  await dialog.getByRole("button", { name: "Save" }).click();
  await noLongerSee(dialog);
}

export async function deleteShoppingItem(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
  await noLongerSee(shoppingItem(page, name));
}

/** Ticks an item off; it moves down to "In the basket" (a new element, so no `check()`). */
export async function checkShoppingItem(page: Page, name: string): Promise<void> {
  await shoppingItem(page, name).click();
  await expectChecked(shoppingItem(page, name), true);
}

export async function expectChecked(box: Locator, checked: boolean, timeout = SEE_TIMEOUT): Promise<void> {
  await eventually(
    `${box.toString()} to be ${checked ? "checked" : "unchecked"}`,
    () => box.isChecked(),
    (c) => c === checked,
    timeout,
  );
}

// Tasks

export const task = (page: Page, title: string) => page.getByRole("checkbox", { name: title, exact: true });

export async function addTask(page: Page, title: string): Promise<void> {
  await page.getByLabel("New task").fill(title);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await see(task(page, title));
  await stored(page, "tasks", title);
}

// Notes

export const note = (page: Page, title: string) => page.getByRole("button", { name: title, exact: true });

export async function addNote(page: Page, draft: { title: string; body?: string; pinned?: boolean }): Promise<void> {
  await page.getByRole("button", { name: "New note" }).click();
  const dialog = page.getByRole("dialog", { name: "New note" });
  await see(dialog);
  await dialog.getByLabel("Title").fill(draft.title);
  if (draft.body) await dialog.getByLabel("Note", { exact: true }).fill(draft.body);
  if (draft.pinned) await dialog.getByRole("checkbox", { name: "Pin to the top" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await noLongerSee(dialog);
  await see(note(page, draft.title));
  await stored(page, "notes", draft.title);
}

// Household

/** Settings → Members & invites → Invite someone: the code shown on screen. */
export async function createInvite(page: Page): Promise<string> {
  await openTab(page, "Settings");
  await page.getByRole("link", { name: "Members & invites" }).click();
  await see(page.getByRole("heading", { name: "Invite someone" }));
  await page.getByRole("button", { name: "Invite someone" }).click();
  const code = page.getByLabel("Invite code");
  await see(code);
  return ((await code.textContent()) ?? "").trim();
}

export async function editTask(
  page: Page,
  title: string,
  patch: { dueDate?: string; assignee?: string; notes?: string },
): Promise<void> {
  await page.getByRole("button", { name: `Edit ${title}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Edit task" });
  await see(dialog);
  if (patch.notes !== undefined) await dialog.getByLabel("Notes").fill(patch.notes);
  if (patch.assignee !== undefined) {
    await dialog.getByRole("combobox", { name: "Assigned to" }).selectOption({ label: patch.assignee });
  }
  if (patch.dueDate !== undefined) await dialog.getByLabel("Due date").fill(patch.dueDate);
  await dialog.getByRole("button", { name: "Save" }).click();
  await noLongerSee(dialog);
}
