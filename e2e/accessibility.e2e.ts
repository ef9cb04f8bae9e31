import type { Locator, Page } from "playwright-core";
import { expect, test } from "vitest";
import { chunkRows, rowId } from "../src/app/_lib/row-chunks";
import { CURRENT_VERSIONS } from "../src/core/schema-version";
import { useBrowser } from "./fixtures";
import {
  addShoppingItem,
  addTask,
  eventually,
  expectChecked,
  heading,
  newAccount,
  openTab,
  see,
  shoppingItem,
  signUp,
  syncIndicator,
  syncNow,
  task,
} from "./pages";

const { newDevice } = useBrowser();

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus; true if it got there within `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await isFocused(target)) return true;
  }
  return false;
}

/** Opens the page fresh, then checks each action is reached with Tab alone, in the order given. */
async function expectReachableByKeyboard(page: Page, path: string, actions: Locator[]): Promise<void> {
  await page.goto(path);
  for (const action of actions) {
    await see(action);
    expect(await tabTo(page, action), `Tab reaches ${action.toString()} on ${path}`).toBe(true);
  }
}

/** Form controls without an accessible name, as the accessibility tree shows them. */
async function unlabelledControls(scope: Locator): Promise<string[]> {
  const tree = await scope.ariaSnapshot();
  const control = /^\s*- (textbox|checkbox|radio|combobox|switch|spinbutton|searchbox|slider|listbox)\b(?! ")/;
  return tree.split("\n").filter((line) => control.test(line));
}

test.concurrent(
  "every page's main actions are reached with the keyboard alone, and the skip link leads into the page",
  async (ctx) => {
    const { page } = await newDevice(ctx);
    await signUp(page, newAccount("Kai"));
    const banner = page.getByRole("banner");
    const tabBar = page.getByRole("navigation", { name: "Main" }).filter({ visible: true });

    await page.goto("/shopping");
    await page.keyboard.press("Tab");
    expect(await isFocused(page.getByRole("link", { name: "Skip to content" }))).toBe(true);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.getByRole("main").evaluate((main) => main.contains(document.activeElement))).toBe(true);

    await expectReachableByKeyboard(page, "/", [
      banner.getByRole("button", { name: "Sync now" }),
      page.getByRole("textbox", { name: "New task" }),
    ]);
    await page.keyboard.type("Air the bedrooms");
    await page.keyboard.press("Enter");
    await see(task(page, "Air the bedrooms"));
    expect(await tabTo(page, tabBar.getByRole("link", { name: "Settings" }))).toBe(true);

    await expectReachableByKeyboard(page, "/shopping", [page.getByRole("combobox", { name: "Item" })]);
    await page.keyboard.type("Milk");
    await page.keyboard.press("Enter");
    await see(shoppingItem(page, "Milk"));
    expect(await tabTo(page, shoppingItem(page, "Milk"))).toBe(true);
    await page.keyboard.press("Space");
    await expectChecked(shoppingItem(page, "Milk"), true);
    expect(await tabTo(page, page.getByRole("button", { name: "Edit Milk" }))).toBe(true);
    await page.keyboard.press("Enter");
    const editor = page.getByRole("dialog", { name: "Edit item" });
    await see(editor);
    expect(await editor.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    await eventually(
      "focus back on Edit Milk",
      () => isFocused(page.getByRole("button", { name: "Edit Milk" })),
      Boolean,
    );

    await expectReachableByKeyboard(page, "/notes", [page.getByRole("button", { name: "New note" })]);
    await page.keyboard.press("Enter");
    await see(page.getByRole("dialog", { name: "New note" }));
    await page.keyboard.press("Escape");

    await expectReachableByKeyboard(page, "/settings", [
      page.getByRole("link", { name: "Members & invites" }),
      page.getByRole("button", { name: "Sign out" }),
      page.getByRole("switch", { name: "Sync automatically" }),
      page.getByRole("combobox", { name: "How often" }),
    ]);
    await expectReachableByKeyboard(page, "/household", [page.getByRole("button", { name: "Invite someone" })]);
    await page.keyboard.press("Enter");
    await see(page.getByRole("button", { name: "Copy code" }));
    await expectReachableByKeyboard(page, "/conflicts", [page.getByRole("link", { name: "Back to settings" })]);
    await expectReachableByKeyboard(page, "/signin", [
      page.getByRole("textbox", { name: "Email" }),
      page.getByLabel("Password", { exact: true }),
      page.getByRole("button", { name: "Sign in" }),
    ]);
    await expectReachableByKeyboard(page, "/signup", [
      page.getByRole("textbox", { name: "Your name" }),
      page.getByRole("textbox", { name: "Email" }),
      page.getByLabel("Password", { exact: true }),
      page.getByRole("radio", { name: "Start a new one" }),
      page.getByRole("textbox", { name: "Household name" }),
      page.getByRole("button", { name: "Create account" }),
    ]);
  },
);

test.concurrent(
  "every form control has a label, in pages and in dialogs, and the sync indicator is a status",
  async (ctx) => {
    const { page } = await newDevice(ctx);
    for (const path of ["/signup", "/signin"]) {
      await page.goto(path);
      await see(page.getByRole("button", { name: /^(Create account|Sign in)$/ }));
      expect(await unlabelledControls(page.locator("body")), path).toEqual([]);
    }
    await signUp(page, newAccount("Ines"));
    await page.getByRole("textbox", { name: "New task" }).fill("Sweep the stairs");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await see(task(page, "Sweep the stairs"));

    const pages: [string, string | RegExp][] = [
      ["/", "Today"],
      ["/shopping", "Shopping"],
      ["/notes", "Notes"],
      ["/settings", "Settings"],
      ["/household", /home$/],
      ["/conflicts", "Conflicts"],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      await see(heading(page, title));
      expect(await unlabelledControls(page.locator("body")), path).toEqual([]);
      expect(await syncIndicator(page).count(), path).toBe(1);
      await see(syncIndicator(page));
    }

    const dialogs: [string, Locator, string][] = [
      ["/", page.getByRole("button", { name: "Edit Sweep the stairs" }), "Edit task"],
      ["/notes", page.getByRole("button", { name: "New note" }), "New note"],
    ];
    for (const [path, opener, title] of dialogs) {
      await page.goto(path);
      await opener.click();
      const dialog = page.getByRole("dialog", { name: title });
      await see(dialog);
      expect(await unlabelledControls(dialog), title).toEqual([]);
    }
    await page.goto("/shopping");
    await page.getByRole("combobox", { name: "Item" }).fill("Flour");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("button", { name: "Edit Flour" }).click();
    const itemEditor = page.getByRole("dialog", { name: "Edit item" });
    await see(itemEditor);
    expect(await unlabelledControls(itemEditor), "Edit item").toEqual([]);
  },
);

test.concurrent(
  "ticking an item or completing a chore with the keyboard leaves the focus on the next one, not the top of the page",
  async (ctx) => {
    const { page } = await newDevice(ctx);
    await signUp(page, newAccount("Uma"));
    await openTab(page, "Shopping");
    for (const name of ["Apples", "Pears", "Bread", "Cheese"]) await addShoppingItem(page, name);
    /** Space on the focused item `ticked`: it goes to the basket, and `focused` then has the focus. */
    const tick = async (ticked: string, focused: string) => {
      await page.keyboard.press("Space");
      await expectChecked(shoppingItem(page, ticked), true);
      await eventually(`the focus to be on ${focused}`, () => isFocused(shoppingItem(page, focused)), Boolean);
    };
    await shoppingItem(page, "Apples").focus();
    await tick("Apples", "Pears"); // next in the same aisle
    await tick("Pears", "Bread"); // the last of its aisle: the first of the next aisle
    await tick("Bread", "Cheese");
    await tick("Cheese", "Cheese"); // the last one still to buy: the focus follows it into the basket

    await openTab(page, "Today");
    for (const title of ["Water plants", "Feed cat"]) await addTask(page, title);
    await task(page, "Water plants").focus();
    await page.keyboard.press("Space");
    await see(page.getByRole("heading", { name: "Done · 1" }));
    await eventually("the focus to be on Feed cat", () => isFocused(task(page, "Feed cat")), Boolean);
  },
);

test.concurrent(
  "ticking an item whose next row starts another chunk of the list leaves the focus on that row, not in the basket",
  async (ctx) => {
    const { page } = await newDevice(ctx);
    await signUp(page, newAccount("Ravi"));
    await openTab(page, "Shopping");
    // A long list is rendered in chunks whose boundaries follow a hash of the row's id (row-chunks.ts).
    // The ids are chosen so that the second item starts a chunk: when the first row leaves, that chunk
    // once joined the first, and React made the next row (and its box) anew; rows now keep their chunk.
    const first = { id: "focus-first", name: "Flour" };
    let n = 0;
    while (chunkRows([{ id: first.id }, { id: `focus-next-${n}` }], rowId).length !== 2) n++;
    const items = [first, { id: `focus-next-${n}`, name: "Sugar" }, { id: "focus-last", name: "Yeast" }];
    const at = Date.now();
    const rows = items.map((item, i) => {
      const time = new Date(at + i * 1000).toISOString();
      const fields = { quantity: 1, unit: null, category: "Bakery", checked: false, listId: null };
      return { ...item, ...fields, createdAt: time, updatedAt: time, deletedAt: null };
    });
    const res = await page.request.post("/api/sync/push", {
      data: { ...CURRENT_VERSIONS, clientId: "e2e-chunks", changes: { shoppingItems: rows } },
    });
    expect(res.status()).toBe(200);
    await syncNow(page);
    await see(shoppingItem(page, "Yeast"));

    // Marked in the page: an element React makes anew does not carry the mark.
    await shoppingItem(page, "Sugar").evaluate((box) => (box.dataset.seen = "before"));
    await shoppingItem(page, "Flour").focus();
    const scrolled = await page.evaluate(() => scrollY);
    await page.keyboard.press("Space");
    await expectChecked(shoppingItem(page, "Flour"), true);
    await eventually("the focus to be on Sugar", () => isFocused(shoppingItem(page, "Sugar")), Boolean);
    // Its row kept its chunk, so React kept its element (and the focus never left it for a new one).
    expect(await shoppingItem(page, "Sugar").evaluate((box) => box.dataset.seen)).toBe("before");
    // The page stayed where the user was (focus on the ticked row, in the basket, scrolled it down).
    expect(await page.evaluate(() => scrollY)).toBe(scrolled);
  },
);
