import type { Page } from "playwright-core";
import type { BenchAccount } from "./api";
import { newDevice, settle, signIn, untilWorkerInstalled } from "./device";
import { traced } from "./trace";
import {
  type AddSample,
  type Pace,
  type UiResult,
  atRest,
  backToBack,
  inRow,
  inTurns,
  instrument,
  waitSamples,
} from "./ui-add";

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

/**
 * The floor: the same page, the same click on the same box (the first row still to tick, which ours
 * ticks next), taken by plain DOM code before the app sees it: the row removed and a ticked clone of it
 * put at the top of the last list, with none of the app's work (Dexie write, outbox, live query, React
 * render). The click lands where ours does, so the browser's own work after it is the same: the
 * pressed box leaves the page under the pointer (focus lost, hover state updated by a hit test).
 * (Until 2026-11-30 the floor's click was on a fixed button in the page's corner, which never moved:
 * ours paid a hover update with a hit test of the page in its frame, 3–7 ms, that the floor did not.)
 * The handler takes a click only while armed by `floorTick`, which puts the row back after the sample,
 * so the page is React's own again for the next click, ours or the floor's.
 */
async function addFloorClick(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      "click",
      (e) => {
        const box = e.target;
        const floor = window.__benchFloor;
        if (!floor?.armed || !(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
        // Captured on the document, before React's listener on its root: the app never sees the click,
        // and the box is not toggled.
        e.preventDefault();
        e.stopImmediatePropagation();
        const row = box.closest("li")!;
        const from = row.parentElement!;
        const next = row.nextSibling;
        const clone = row.cloneNode(true) as HTMLLIElement;
        clone.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked = true;
        // Removed as React removes ours (hiding a focused box would clear its focus a task later).
        row.remove();
        floor.to.insertBefore(clone, floor.to.firstChild);
        floor.armed = false;
        floor.undo = () => {
          clone.remove();
          from.insertBefore(row, next);
        };
      },
      true,
    );
  });
}

/** One click taken by the floor, its sample, and (with `undo`) the page put back as it was. */
async function floorTick(page: Page, pace: Pace, undo = true): Promise<AddSample> {
  // The list the ticked row goes to, the page's last (found before the click, not in the timed handler).
  await page.evaluate((selector) => {
    const to = [...document.querySelectorAll<HTMLElement>(selector)].at(-1)!;
    window.__benchFloor = { armed: true, to };
  }, ROW_LISTS);
  await clickFirst(page, FIRST_OPEN_BOX);
  await waitSamples(page, 1);
  const [sample] = await page.evaluate((undo) => {
    if (undo) window.__benchFloor?.undo?.();
    window.__benchFloor = undefined;
    return window.__adds!.samples.splice(0);
  }, undo);
  await pace();
  return sample!;
}

/** One click of ours, and its sample. */
async function tick(page: Page, pace: Pace): Promise<AddSample> {
  await clickFirst(page, FIRST_OPEN_BOX);
  await waitSamples(page, 1);
  const [sample] = await page.evaluate(() => window.__adds!.samples.splice(0));
  await pace();
  return sample!;
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
    await addFloorClick(page);
    const rest = atRest(page, account);
    const ours = (pace: Pace) => tick(page, pace);
    const floor = (pace: Pace, undo = true) => floorTick(page, pace, undo);
    for (let i = 0; i < options.warmup; i++) {
      await ours(rest);
      await floor(rest);
    }
    const tag = options.link === "Today" ? "complete" : "tick";
    const samples = await traced(page, tag, () =>
      inTurns(options.ticks, { ours: () => ours(rest), floor: () => floor(rest) }),
    );
    const oursBackToBack = await backToBack(options.ticks, ours, page);
    await settle(page, account);
    const inRowCount = Math.ceil(options.ticks / 2);
    const oursMs = await inRow(page, inRowCount, () => ours(rest));
    // From here on the floor's changes stay: nothing of ours runs after them.
    const floorMs = await inRow(page, inRowCount, () => floor(rest, false));
    const floorBackToBack = await backToBack(options.ticks, (pace) => floor(pace, false), page);
    return {
      ...samples,
      mainMs: { ours: oursMs, floor: floorMs },
      backToBack: { ours: oursBackToBack, floor: floorBackToBack },
    };
  } finally {
    await device.close();
  }
}
