import type { Page } from "playwright-core";
import type { BenchAccount } from "./api";
import { newDevice, settle, signIn, untilWorkerInstalled } from "./device";
import { perAction } from "./main-thread";
import { traced } from "./trace";
import { type AddSample, type Pace, type UiResult, atRest, backToBack, instrument, waitSamples } from "./ui-add";

/** The page's lists of rows (the add field's suggestions are a list too, with no rows to tick). */
const ROW_LISTS = "main ul:has(> li input[type=checkbox])";

/**
 * The first list's first box: the lists still to buy or to do come before the basket and the done
 * list, so it is the page's first unticked box. Found by a plain selector, as the floor's box is:
 * until 2026-12-01 a `:has()` selector over the page made Playwright's own script run in the page
 * before each of our clicks for about three times as long as before the floor's (CPU profiles of a
 * run: 0.95–1.0 s against 0.31–0.34 s over 32 clicks), leaving garbage that our samples' collections
 * then paid.
 */
const FIRST_OPEN_BOX = "main li input[type=checkbox]:not(:checked)";

/**
 * Clicks the first element `selector` matches, found by the page's own `querySelector`, as a person's
 * pointer would (Playwright's click: scrolled into view, hit-tested, mouse moved, pressed, released).
 * Until 2026-12-01 both sides found it with `locator(selector).first()`: Playwright's selector engine
 * then ran in the page over every match, every open box of the page for ours (43 ms of the page's
 * main thread per click in a CPU profile) against one list's for the floor (26 ms), work counted in
 * each side's main-thread time that no user's click does.
 */
async function clickFirst(page: Page, selector: string): Promise<void> {
  const found = await page.evaluateHandle((s) => document.querySelector(s), selector);
  try {
    const box = found.asElement();
    if (!box) throw new Error(`nothing matches ${selector}`);
    await box.click();
  } finally {
    await found.dispose();
  }
}

/** Clicks the checkbox of the first row of the first list (to buy, or to do) `count` times. */
async function tickRows(page: Page, count: number, pace: Pace): Promise<AddSample[]> {
  for (let i = 0; i < count; i++) {
    await clickFirst(page, FIRST_OPEN_BOX);
    await waitSamples(page, i + 1);
    await pace();
  }
  return page.evaluate(() => window.__adds!.samples.splice(0));
}

/**
 * The floor: the same page, the same click on the same box (the first row of the list ours ticked
 * in), taken by plain DOM code before the app sees it: the row removed and a ticked clone of it put
 * at the top of the last list, with none of the app's work (Dexie write, outbox, live query, React
 * render). The click lands where ours does, so the browser's own work after it is the same: the
 * pressed box leaves the page under the pointer (focus lost, hover state updated by a hit test).
 * (Until 2026-11-30 the floor's click was on a fixed button in the page's corner, which never moved:
 * ours paid a hover update with a hit test of the page in its frame, 3–7 ms, that the floor did not.)
 */
async function addFloorClick(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const lists = [...document.querySelectorAll<HTMLElement>(selector)];
    const to = lists.pop()!;
    // Every list but the last: ours' ticks may have emptied the first (an aisle of the shopping list).
    for (const from of lists) from.dataset.benchFloorFrom = "1";
    document.addEventListener(
      "click",
      (e) => {
        const box = e.target;
        if (
          !(box instanceof HTMLInputElement) ||
          box.type !== "checkbox" ||
          !box.closest("ul")?.dataset.benchFloorFrom
        ) {
          return;
        }
        // Captured on the document, before React's listener on its root: the app never sees the click,
        // and the box is not toggled.
        e.preventDefault();
        e.stopImmediatePropagation();
        const row = box.closest("li")!;
        const clone = row.cloneNode(true) as HTMLLIElement;
        clone.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked = true;
        // Removed as React removes ours (hiding a focused box would clear its focus a task later).
        row.remove();
        to.insertBefore(clone, to.firstChild);
      },
      true,
    );
  }, ROW_LISTS);
}

async function floorTicks(page: Page, count: number, pace: Pace): Promise<AddSample[]> {
  for (let i = 0; i < count; i++) {
    await clickFirst(page, "ul[data-bench-floor-from] > li input[type=checkbox]");
    await waitSamples(page, i + 1);
    await pace();
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
    await untilWorkerInstalled(page);
    await instrument(page);
    const rest = atRest(page, account);
    await tickRows(page, options.warmup, rest);
    const tag = options.link === "Today" ? "complete" : "tick";
    const ours = await traced(page, `${tag}-ours`, () =>
      perAction(page, options.ticks, () => tickRows(page, options.ticks, rest)),
    );
    const oursBackToBack = await tickRows(page, options.ticks, backToBack(page));
    await settle(page, account);
    await addFloorClick(page);
    await floorTicks(page, options.warmup, rest);
    const floor = await traced(page, `${tag}-floor`, () =>
      perAction(page, options.ticks, () => floorTicks(page, options.ticks, rest)),
    );
    const floorBackToBack = await floorTicks(page, options.ticks, backToBack(page));
    return {
      ours: ours.result,
      floor: floor.result,
      mainMs: { ours: ours.mainMs, floor: floor.mainMs },
      backToBack: { ours: oursBackToBack, floor: floorBackToBack },
    };
  } finally {
    await device.close();
  }
}
