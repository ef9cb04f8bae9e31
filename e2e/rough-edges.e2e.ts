import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import { heading, newAccount, openTab, see, signUp } from "./pages";

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
