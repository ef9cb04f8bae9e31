import type { Locator, Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import {
  addShoppingItem,
  checkShoppingItem,
  createInvite,
  eventually,
  newAccount,
  noLongerSee,
  openTab,
  see,
  shoppingItem,
  signUp,
} from "./pages";

// Shopping that follows the store: aisle headings in the household's order, several lists, and
// suggestions from what was bought before, with two members on two devices.

const { newDevice } = useBrowser();

/** The aisle headings of the list, top to bottom (without their counts). */
async function aisles(page: Page): Promise<string[]> {
  // textContent, not innerText: the headings are shown in capitals (CSS), their text is not.
  const texts = await page
    .locator("main section[aria-labelledby^='aisle-'] h2")
    .evaluateAll((els) => els.map((el) => el.textContent ?? ""));
  return texts.map((t) => t.replace(/\s*·\s*\d+$/, "").trim());
}

async function aislesInOrder(page: Page, first: string, second: string): Promise<void> {
  await eventually(
    `${first} to come before ${second}`,
    () => aisles(page),
    (a) => a.includes(first) && a.includes(second) && a.indexOf(first) < a.indexOf(second),
  );
}

/** The moved heading's button keeps (or gets back) the keyboard focus once the new order is shown. */
async function hasFocus(button: Locator): Promise<void> {
  await eventually(
    `${button.toString()} to have focus`,
    () => button.evaluate((el) => el === document.activeElement),
    (focused) => focused,
  );
}

const listPicker = (page: Page) => page.getByRole("combobox", { name: "List" });

test("one member reorders the aisles and adds to a second list; the other member's device follows", async (ctx) => {
  const ana = newAccount("Ana");
  const ben = newAccount("Ben");
  const phone = await newDevice(ctx);
  const laptop = await newDevice(ctx, { phone: false });
  await signUp(phone.page, ana);
  const code = await createInvite(phone.page);
  await signUp(laptop.page, ben, { inviteCode: code });
  await openTab(phone.page, "Shopping");
  await openTab(laptop.page, "Shopping");

  // Categories are guessed from the names; the built-in walk puts Bakery before Dairy.
  await addShoppingItem(phone.page, "Milk");
  await addShoppingItem(phone.page, "Sourdough bread");
  await aislesInOrder(phone.page, "Bakery", "Dairy");
  await see(shoppingItem(laptop.page, "Sourdough bread"));
  await aislesInOrder(laptop.page, "Bakery", "Dairy");

  // Ana's store has the dairy first: she moves it up with the keyboard, hearing where it went.
  await phone.page.getByRole("button", { name: "Store order…" }).click();
  const dialog = phone.page.getByRole("dialog", { name: "Store order" });
  await see(dialog);
  const up = dialog.getByRole("button", { name: "Move Dairy up" });
  for (let i = 0; i < 3; i++) {
    await up.focus();
    await phone.page.keyboard.press("Enter");
    await see(dialog.getByRole("status").filter({ hasText: `Dairy moved to position ${3 - i} of` }));
    if (i < 2) await hasFocus(up);
  }
  // At the top the up button is disabled: focus moved on to the down button, so the keyboard is not lost.
  // (The announcement comes with the move; the buttons follow once the new order is read back.)
  await eventually("Move Dairy up to be disabled", () => up.isDisabled(), Boolean);
  await hasFocus(dialog.getByRole("button", { name: "Move Dairy down" }));
  await dialog.getByRole("button", { name: "Done" }).click();
  await noLongerSee(dialog);
  await aislesInOrder(phone.page, "Dairy", "Bakery");
  // Ben's laptop follows without anyone there touching anything.
  await aislesInOrder(laptop.page, "Dairy", "Bakery");

  // Ana starts a Hardware list and adds to it; Ben switches to it and sees the item, and only there.
  await phone.page.getByRole("button", { name: "New list" }).click();
  const create = phone.page.getByRole("dialog", { name: "New list" });
  await create.getByLabel("List name").fill("Hardware");
  await create.getByRole("button", { name: "Create" }).click();
  await noLongerSee(create);
  // The picker shows the new list once the list's row is read back (its live query), a moment after.
  await eventually(
    "the picker to show the new list",
    () => listPicker(phone.page).inputValue(),
    (value) => value !== "default",
  );
  await addShoppingItem(phone.page, "Wood screws");
  await noLongerSee(shoppingItem(phone.page, "Milk"));

  await eventually(
    "Ben's laptop to offer the Hardware list",
    () => listPicker(laptop.page).locator("option").allInnerTexts(),
    (options) => options.includes("Hardware"),
  );
  await expect(shoppingItem(laptop.page, "Wood screws").count()).resolves.toBe(0);
  await listPicker(laptop.page).selectOption({ label: "Hardware" });
  await see(shoppingItem(laptop.page, "Wood screws"));
  await expect(shoppingItem(laptop.page, "Milk").count()).resolves.toBe(0);
  await listPicker(laptop.page).selectOption({ label: "Shopping" });
  await see(shoppingItem(laptop.page, "Milk"));
});

test("on a phone a new item is brought into view, suggestions come from what was bought, and many items move aisle at once", async (ctx) => {
  const ana = newAccount("Ana");
  const { page } = await newDevice(ctx);
  await signUp(page, ana);
  await openTab(page, "Shopping");
  for (const name of [
    "Apples",
    "Bananas",
    "Carrots",
    "Onions",
    "Garlic",
    "Lettuce",
    "Tomatoes",
    "Potatoes",
    "Spinach",
  ]) {
    await addShoppingItem(page, name);
  }
  for (const name of ["Shampoo", "Toothpaste", "Soap", "Dish soap", "Sponge", "Candles"]) {
    await addShoppingItem(page, name);
  }

  // Scroll back to the top, then add an item whose aisle is far down the list.
  await page.evaluate(() => window.scrollTo(0, 0));
  await addShoppingItem(page, "Deodorant");
  await eventually(
    "the new row to be on screen, clear of the tab bar",
    () =>
      page.evaluate(() => {
        const label = [...document.querySelectorAll("main li label")].find((l) => l.textContent === "Deodorant");
        const row = label?.closest("li")?.getBoundingClientRect();
        const tabBar = [...document.querySelectorAll("nav")].find((n) => getComputedStyle(n).position === "fixed");
        const limit = tabBar ? tabBar.getBoundingClientRect().top : window.innerHeight;
        return row ? { top: Math.round(row.top), bottom: Math.round(row.bottom), limit: Math.round(limit) } : null;
      }),
    (r) => r !== null && r.top >= 0 && r.bottom <= r.limit,
  );

  // Buy and clear two things; typing brings them back as suggestions, most bought first.
  await checkShoppingItem(page, "Bananas");
  await checkShoppingItem(page, "Apples");
  await page.getByRole("button", { name: "Clear checked" }).click();
  await noLongerSee(shoppingItem(page, "Bananas"));
  const field = page.getByRole("combobox", { name: "Item" });
  await field.fill("ban");
  const options = page.getByRole("listbox", { name: "Bought before" }).getByRole("option");
  await see(options.first());
  expect(await options.allInnerTexts()).toEqual([expect.stringMatching(/^Bananas/)]);
  await field.press("ArrowDown");
  expect(await field.getAttribute("aria-activedescendant")).toBe(await options.first().getAttribute("id"));
  await field.press("Enter");
  await see(shoppingItem(page, "Bananas"));
  expect(await field.inputValue()).toBe("");

  // One tap puts back an item bought lately.
  await page.getByRole("button", { name: "Add Apples again" }).click();
  await see(shoppingItem(page, "Apples"));
  await noLongerSee(page.getByRole("button", { name: "Add Apples again" }));

  // Several items into one aisle at once: the list follows.
  await page.getByRole("button", { name: "Set category…" }).click();
  const bulk = page.getByRole("dialog", { name: "Set category" });
  await bulk.getByRole("checkbox", { name: "Sponge" }).check();
  await bulk.getByRole("checkbox", { name: "Candles" }).check();
  await bulk.getByLabel("Category").fill("Cleaning");
  await bulk.getByRole("button", { name: "Move 2 items" }).click();
  await noLongerSee(bulk);
  await eventually(
    "a Cleaning aisle with both items",
    () =>
      page.evaluate(() => {
        const aisle = [...document.querySelectorAll("main section h2")].find((h) =>
          h.textContent?.startsWith("Cleaning"),
        );
        return [...(aisle?.closest("section")?.querySelectorAll("li label") ?? [])].map((l) => l.textContent);
      }),
    (names) => names.includes("Sponge") && names.includes("Candles"),
  );
});
