import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  type Account,
  addNote,
  addShoppingItem,
  addTask,
  checkShoppingItem,
  createInvite,
  editShoppingItem,
  editTask,
  goOffline,
  goOnline,
  heading,
  newAccount,
  openTab,
  see,
  shoppingItem,
  signIn,
  signUp,
  syncNow,
  task,
  waitForSyncStatus,
} from "./pages";

// The main screens as a user sees them: phone width in light mode, plus one dark and one desktop (the
// same phone, switched). Every e2e run takes them into test-results/screenshots (git-ignored), so
// `npm test` leaves the tree clean; `npm run screenshots` (DOMUS_SCREENSHOTS=docs) writes the
// committed ones in docs/screenshots that the README shows.

const { newDevice } = useBrowser();
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT =
  process.env.DOMUS_SCREENSHOTS === "docs"
    ? path.join(ROOT, "docs", "screenshots")
    : path.join(ROOT, "test-results", "screenshots");
const MAX_BYTES = 300 * 1024;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.png`);
  // The toasts of earlier steps and the blinking caret are not part of the screen being shown.
  for (const dismiss of await page.getByRole("button", { name: "Dismiss" }).all()) await dismiss.click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
  expect(statSync(file).size, `${name}.png`).toBeLessThan(MAX_BYTES);
}

const isoDay = (daysFromToday: number) => {
  const d = new Date(Date.now() + daysFromToday * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

async function joinWithApi(page: Page, account: Account, inviteCode: string): Promise<void> {
  const res = await page.request.post("/api/auth/register", {
    data: { name: account.name, email: account.email, password: account.password, inviteCode },
  });
  expect(res.status()).toBe(201);
}

test("screenshots of the main screens", async (ctx) => {
  // Each e2e run has a server of its own, so the people in the pictures can have tidy addresses.
  const sam: Account = {
    ...newAccount("Sam"),
    name: "Sam Rivera",
    email: "sam@maple.example",
    household: "Maple Street",
  };
  const jo: Account = { ...newAccount("Jo"), name: "Jo Lindqvist", email: "jo@maple.example" };
  const phone = await newDevice(ctx, { scale: 2 });
  const { page } = phone;

  await page.goto("/signup");
  await see(heading(page, "Create your household"));
  await page.getByLabel("Your name", { exact: true }).fill(sam.name);
  await page.getByLabel("Email", { exact: true }).fill(sam.email);
  await page.getByLabel("Password", { exact: true }).fill(sam.password);
  await page.getByLabel("Household name").fill(sam.household);
  await page.getByLabel("Household name").blur();
  await shoot(page, "phone-signup");
  await signUp(page, sam);

  const code = await createInvite(page);
  const joPhone = await newDevice(ctx);
  await joinWithApi(joPhone.page, jo, code);

  await openTab(page, "Tasks");
  for (const title of ["Take out the recycling", "Water the plants", "Book the chimney sweep", "Descale the kettle"]) {
    await addTask(page, title);
  }
  await editTask(page, "Take out the recycling", { dueDate: isoDay(0), assignee: "Jo Lindqvist" });
  await editTask(page, "Book the chimney sweep", { dueDate: isoDay(-2), notes: "Ask for a Saturday morning" });
  await editTask(page, "Water the plants", { dueDate: isoDay(1), assignee: "Sam Rivera (you)" });
  await task(page, "Descale the kettle").click();
  // A repeating chore the two of them take in turns.
  await page.getByRole("button", { name: "Edit Take out the recycling" }).click();
  const editor = page.getByRole("dialog", { name: "Edit task" });
  await editor.getByRole("combobox", { name: "Repeats" }).selectOption({ label: "Weekly" });
  await editor.getByRole("combobox", { name: "Take turns" }).selectOption({ label: "In turn (round-robin)" });
  await see(editor.getByRole("checkbox", { name: "Jo Lindqvist" }));
  await shoot(page, "phone-repeating-chore");
  await editor.getByRole("button", { name: "Save" }).click();
  await see(page.getByText("Every week on"));

  await openTab(page, "Shopping");
  await addShoppingItem(page, "Oat milk", { quantity: "2" });
  await addShoppingItem(page, "Basmati rice", { quantity: "1", unit: "kg" });
  await addShoppingItem(page, "Tomatoes", { quantity: "6" });
  await addShoppingItem(page, "Dish soap");
  await addShoppingItem(page, "Sourdough loaf");
  // Aisles are guessed from the names (Dairy, Pantry, Produce, Household, Bakery); this store has dairy first.
  await page.getByRole("button", { name: "Store order…" }).click();
  const storeOrder = page.getByRole("dialog", { name: "Store order" });
  for (const position of [3, 2, 1]) {
    await storeOrder.getByRole("button", { name: "Move Dairy up" }).click();
    await see(storeOrder.getByRole("status").filter({ hasText: `Dairy moved to position ${position} of` }));
  }
  await shoot(page, "phone-shopping-store-order");
  await storeOrder.getByRole("button", { name: "Done" }).click();
  await checkShoppingItem(page, "Sourdough loaf");

  await openTab(page, "Notes");
  await addNote(page, { title: "Wi-Fi", body: "Network: maple-home\nPassword: on the fridge", pinned: true });
  await addNote(page, { title: "Bin days", body: "Tuesday: recycling\nFriday: general waste" });
  await addNote(page, { title: "Plumber", body: "Ana Costa, 0161 496 0000 (evenings)" });
  await syncNow(page);

  // A conflict: the phone and a laptop both change the oat milk while offline; the laptop's is later.
  const laptop = await newDevice(ctx);
  await signIn(laptop.page, sam);
  await openTab(laptop.page, "Shopping");
  await see(shoppingItem(laptop.page, "Oat milk"));
  await goOffline(phone.context);
  await goOffline(laptop.context);
  await openTab(page, "Shopping");
  await editShoppingItem(page, "Oat milk", { quantity: "3" });
  await editShoppingItem(laptop.page, "Oat milk", { quantity: "4" });
  await goOnline(laptop.context);
  await waitForSyncStatus(laptop.page, "Synced");
  await goOnline(phone.context);
  await waitForSyncStatus(page, "Synced");
  await see(page.getByRole("banner").getByRole("link", { name: "1 conflict" }));

  await openTab(page, "Today");
  await page.getByText("Done · 1").click(); // the done list unfolded
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitForSyncStatus(page, "Synced"); // the pill at rest, not a sync the tab change started
  await shoot(page, "phone-tasks");
  await openTab(page, "Shopping");
  await shoot(page, "phone-shopping");
  await openTab(page, "Notes");
  await shoot(page, "phone-notes");
  await openTab(page, "Settings");
  await shoot(page, "phone-settings");
  await page.getByRole("banner").getByRole("link", { name: "1 conflict" }).click();
  await see(page.getByRole("button", { name: "Restore mine for Quantity" }));
  await shoot(page, "phone-conflicts");
  await page.goto("/household");
  await see(page.getByText("Jo Lindqvist"));
  // The owner's view of the members: Make owner and Remove beside everyone else.
  await see(page.getByRole("button", { name: "Remove Jo Lindqvist" }));
  await shoot(page, "phone-household-members");
  await page.getByRole("button", { name: "Invite someone" }).click();
  await see(page.getByRole("button", { name: "Copy code" }));
  await shoot(page, "phone-household");
  // The owner's invites: one sent by email, pending, revocable.
  await page.getByLabel("Invite by email").fill("alex@maple.example");
  await page.getByRole("button", { name: "Send invite" }).click();
  await see(
    page.getByRole("list", { name: "Pending invites" }).getByText("Sent to alex@maple.example", { exact: false }),
  );
  await page.goto("/household");
  const pending = page.getByRole("list", { name: "Pending invites" });
  await see(pending.getByText("Sent to alex@maple.example", { exact: false }));
  await page.getByRole("heading", { name: "Pending invites" }).scrollIntoViewIfNeeded();
  await shoot(page, "phone-household-invites");
  await page.getByRole("heading", { name: "Leave" }).scrollIntoViewIfNeeded();
  await shoot(page, "phone-household-leave");
  // Settings: password change and the signed-in devices (the phone and the laptop).
  await openTab(page, "Settings");
  await see(page.getByRole("list", { name: "Signed-in devices" }).getByText("(this device)"));
  await page.getByRole("heading", { name: "Password" }).scrollIntoViewIfNeeded();
  await shoot(page, "phone-settings-password");
  await page.getByRole("heading", { name: "Devices" }).scrollIntoViewIfNeeded();
  await shoot(page, "phone-settings-devices");

  await page.emulateMedia({ colorScheme: "dark" });
  await openTab(page, "Shopping");
  await see(shoppingItem(page, "Basmati rice"));
  await shoot(page, "phone-shopping-dark");

  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openTab(page, "Today");
  await see(task(page, "Take out the recycling"));
  await page.getByText("Done · 1").click();
  await page.evaluate(() => window.scrollTo(0, 0)); // the click scrolled the done list into view
  await shoot(page, "desktop-tasks");
});
