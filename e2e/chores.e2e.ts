import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  createInvite,
  goOffline,
  goOnline,
  newAccount,
  noLongerSee,
  openTab,
  see,
  signUp,
  syncNow,
  task,
} from "./pages";

const { newDevice } = useBrowser();

/** The row of a task to do, by its checkbox. */
const row = (page: Page, title: string) => page.getByRole("listitem").filter({ has: task(page, title) });
const localToday = (page: Page) =>
  page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });

test("a repeating chore ticked by two members offline keeps both completions, moves on once and rotates on both devices", async (ctx) => {
  const alex = newAccount("Alex Moreau", "Harbour House");
  const robin = newAccount("Robin Achebe");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  const code = await createInvite(alexPhone.page);
  const robinPhone = await newDevice(ctx);
  await signUp(robinPhone.page, robin, { inviteCode: code });

  // Alex adds the chore due today (inline), then makes it weekly, taking turns with Robin.
  await alexPhone.page.reload(); // the member list now has Robin
  await openTab(alexPhone.page, "Today");
  const today = await localToday(alexPhone.page);
  await alexPhone.page.getByLabel("New task").fill("Take out the bins");
  await alexPhone.page.getByLabel("Due", { exact: true }).fill(today);
  await alexPhone.page.getByRole("button", { name: "Add", exact: true }).click();
  await see(row(alexPhone.page, "Take out the bins").getByText("Today"));
  await alexPhone.page.getByRole("button", { name: "Edit Take out the bins" }).click();
  const dialog = alexPhone.page.getByRole("dialog", { name: "Edit task" });
  await dialog.getByRole("combobox", { name: "Repeats" }).selectOption({ label: "Weekly" });
  await dialog.getByRole("combobox", { name: "Take turns" }).selectOption({ label: "In turn (round-robin)" });
  await expect.poll(() => dialog.getByRole("checkbox", { name: "Robin Achebe" }).isChecked()).toBe(true);
  await dialog.getByRole("button", { name: "Save" }).click();
  await noLongerSee(dialog);
  await see(row(alexPhone.page, "Take out the bins").getByText("Every week"));
  await see(row(alexPhone.page, "Take out the bins").getByText("You"));
  await syncNow(alexPhone.page);
  await syncNow(robinPhone.page);
  await see(row(robinPhone.page, "Take out the bins").getByText("Alex Moreau"));

  // Both tick today's occurrence while offline.
  await goOffline(alexPhone.context);
  await goOffline(robinPhone.context);
  for (const { page } of [alexPhone, robinPhone]) {
    // A repeating chore's box does not stay ticked: the chore moves on to its next occurrence.
    await task(page, "Take out the bins").click();
    await see(page.getByRole("heading", { name: "Done · 1" }));
    await noLongerSee(row(page, "Take out the bins").getByText("Today", { exact: true }));
  }
  await goOnline(alexPhone.context);
  await goOnline(robinPhone.context);
  await syncNow(alexPhone.page);
  await syncNow(robinPhone.page);
  await syncNow(alexPhone.page);

  for (const [{ page }, nextUp] of [
    [alexPhone, "Robin Achebe"],
    [robinPhone, "You"],
  ] as const) {
    // One next occurrence (one row to do), both completions in the history, the turn passed to Robin.
    await expect.poll(() => task(page, "Take out the bins").count()).toBe(1);
    await see(page.getByRole("heading", { name: "Done · 2" }));
    await see(row(page, "Take out the bins").getByText(`Assigned to ${nextUp}`, { exact: true }));
    await expect(task(page, "Take out the bins").isChecked()).resolves.toBe(false);
    await see(page.getByText(/Done this week: .*1 · .*1/));
  }
});
