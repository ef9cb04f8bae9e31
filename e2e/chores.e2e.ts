import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addTask,
  createInvite,
  eventually,
  expectChecked,
  goOffline,
  goOnline,
  newAccount,
  noLongerSee,
  openTab,
  see,
  signUp,
  storedRowsHolding,
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

test("a one-off task ticked goes to Done with its completion, and unticked comes back without it, after a reload too", async (ctx) => {
  const { page } = await newDevice(ctx);
  await signUp(page, newAccount("Noor Haddad"));
  await openTab(page, "Today");
  await addTask(page, "Descale the kettle");
  /** The task rows stored as done, and the completion rows stored (not deleted): what a reload shows. */
  const storedDone = async () => ({
    done: await storedRowsHolding(page, '"completedAt":"', { store: "tasks" }),
    completions: await storedRowsHolding(page, '"deletedAt":null', { store: "taskCompletions" }),
  });
  const storedAs = (want: { done: number; completions: number }) =>
    eventually(`stored as ${JSON.stringify(want)}`, storedDone, (got) => JSON.stringify(got) === JSON.stringify(want));

  await task(page, "Descale the kettle").click();
  await see(page.getByRole("heading", { name: "Done · 1" }));
  await see(page.getByText("Done this week: You 1"));
  await storedAs({ done: 1, completions: 1 });
  await page.reload();
  await see(page.getByRole("heading", { name: "Done · 1" }));
  await see(page.getByText("Done this week: You 1"));

  await page.getByRole("heading", { name: "Done · 1" }).click(); // opens the folded list
  await expectChecked(task(page, "Descale the kettle"), true);
  await task(page, "Descale the kettle").click();
  await expectChecked(task(page, "Descale the kettle"), false);
  await noLongerSee(page.getByRole("heading", { name: /^Done · / }));
  await noLongerSee(page.getByText(/^Done this week/));
  await storedAs({ done: 0, completions: 0 });
  await page.reload();
  await expectChecked(task(page, "Descale the kettle"), false);
  expect(await page.getByRole("heading", { name: /^Done · / }).count()).toBe(0);
});
