import type { Page } from "playwright-core";
import type { BenchAccount } from "./api";
import { newDevice, signIn } from "./device";
import { traced } from "./trace";
import { type AddSample, type UiResult, instrument, waitSamples } from "./ui-add";

/** The page's lists of rows (the add field's suggestions are a list too, with no rows to tick). */
const ROW_LISTS = "main ul:has(> li input[type=checkbox])";

/** Clicks the checkbox of the first row of the first list (to buy, or to do) `count` times. */
async function tickRows(page: Page, count: number): Promise<AddSample[]> {
  for (let i = 0; i < count; i++) {
    await page.locator(ROW_LISTS).first().locator("li input[type=checkbox]").first().click();
    await waitSamples(page, i + 1);
    await page.waitForTimeout(100); // a person reaches for the next box; the live query settles meanwhile
  }
  return page.evaluate(() => window.__adds!.samples.splice(0));
}

/**
 * The floor: the same page, the first row of the first list hidden and a clone of it, ticked and
 * renamed, put at the top of the last list by plain DOM code in a click handler, with none of the
 * app's work (Dexie write, outbox, live query, React render).
 */
async function addFloorButton(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const lists = document.querySelectorAll(selector);
    const from = lists[0]!;
    const to = lists[lists.length - 1]!;
    const button = document.createElement("button");
    button.textContent = "floor tick";
    button.dataset.benchTick = "(named before each click)";
    button.style.cssText = "position:fixed;top:0;left:0;z-index:9999";
    button.addEventListener("click", () => {
      const row = [...from.children].find((li) => (li as HTMLElement).style.display !== "none") as HTMLLIElement;
      const clone = row.cloneNode(true) as HTMLLIElement;
      clone.querySelector("label")!.textContent = button.dataset.benchTick!;
      clone.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked = true;
      row.style.display = "none";
      to.insertBefore(clone, to.firstChild);
    });
    document.body.appendChild(button);
  }, ROW_LISTS);
}

async function floorTicks(page: Page, label: string, count: number): Promise<AddSample[]> {
  for (let i = 0; i < count; i++) {
    const name = `${label} ${i} ${Math.random().toString(36).slice(2, 8)}`;
    await page.evaluate(
      (n) => (document.querySelector<HTMLElement>("button[data-bench-tick]")!.dataset.benchTick = n),
      name,
    );
    await page.locator("button[data-bench-tick]").click();
    await waitSamples(page, i + 1);
    await page.waitForTimeout(100);
  }
  return page.evaluate(() => window.__adds!.samples.splice(0));
}

/**
 * Ticks rows on the shopping page ("Shopping") or completes tasks (the home page, "Today") on a
 * device holding `listed` rows of that table; warm-up ticks are not counted.
 */
export async function uiTick(
  baseUrl: string,
  account: BenchAccount,
  options: { link: "Shopping" | "Today"; listed: number; ticks: number; warmup: number },
): Promise<UiResult> {
  const device = await newDevice(baseUrl);
  const { page } = device;
  try {
    await signIn(page, account);
    await page.getByRole("link", { name: options.link }).first().click();
    // The listed rows on screen: the device has synced them (the sync pill is not watched here; on the
    // home page it was at times never seen to pass through "Syncing", and the run waited in vain).
    await page.waitForFunction((n) => document.querySelectorAll("main li").length >= n, options.listed, {
      timeout: 120_000,
      polling: 100,
    });
    await instrument(page);
    await tickRows(page, options.warmup);
    const tag = options.link === "Today" ? "complete" : "tick";
    const ours = await traced(page, `${tag}-ours`, () => tickRows(page, options.ticks));
    await addFloorButton(page);
    await floorTicks(page, "Warm-up floor", options.warmup);
    const floor = await traced(page, `${tag}-floor`, () => floorTicks(page, "Floor", options.ticks));
    return { ours, floor };
  } finally {
    await device.close();
  }
}
