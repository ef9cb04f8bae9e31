import type { Page } from "playwright-core";
import type { BenchAccount } from "./api";
import { BACK_TO_BACK_MS, newDevice, settle, signIn, untilWorkerInstalled } from "./device";
import { perAction } from "./main-thread";
import { traced } from "./trace";

export interface AddSample {
  /** Enter pressed to the new row in the DOM. */
  domMs: number;
  /** Enter pressed to the end of the first frame that shows the row (rAF, then the first task after the frame). */
  paintMs: number;
  /** Elements added or removed (with their descendants) and attributes or texts changed in that time. */
  changed: number;
}

export interface UiResult {
  /** Each action on a page at rest (see `settle`). */
  ours: AddSample[];
  floor: AddSample[];
  /** Main-thread time per action, ms (see main-thread.ts): the action's whole cost, its sync included. */
  mainMs: { ours: number; floor: number };
  /** The same actions back to back (`BACK_TO_BACK_MS` apart), each while the last one still syncs. */
  backToBack: { ours: AddSample[]; floor: AddSample[] };
}

/** What comes between two timed actions: the app settling, or a fixed pause (back to back). */
export type Pace = () => Promise<void>;

export const atRest =
  (page: Page, account: BenchAccount): Pace =>
  () =>
    settle(page, account);

export const backToBack =
  (page: Page): Pace =>
  () =>
    page.waitForTimeout(BACK_TO_BACK_MS);

/** Chromium's `scheduler.postTask` (Prioritized Task Scheduling), which TypeScript's DOM types lack. */
interface PostTaskWindow {
  scheduler: { postTask(task: () => void, options: { priority: "user-blocking" }): Promise<void> };
}

declare global {
  interface Window {
    __adds?: {
      samples: AddSample[];
      pending: { name: string; t0: number; ticked: boolean; domAt?: number; changed: number } | null;
    };
  }
}

/**
 * Times, in the page, each press of Enter in an add field (`data-bench-add`, or the app's #new-item
 * and #new-task) to the row carrying the typed text appearing in the DOM and then being painted;
 * and each click on a row's checkbox (the app's, or the floor's taking the same click) to that row
 * appearing in the DOM with its box ticked (in the list of checked items or done tasks).
 */
export async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state: NonNullable<Window["__adds"]> = { samples: [], pending: null };
    window.__adds = state;
    document.addEventListener(
      "keydown",
      (e) => {
        const input = e.target as HTMLInputElement;
        if (e.key !== "Enter" || !(input.id === "new-item" || input.id === "new-task" || input.dataset.benchAdd)) {
          return;
        }
        state.pending = { name: input.value, t0: performance.now(), ticked: false, changed: 0 };
      },
      true,
    );
    document.addEventListener(
      "click",
      (e) => {
        const target = e.target as HTMLElement;
        const name = target.matches("main li input[type=checkbox]")
          ? target.closest("li")?.querySelector("label")?.textContent
          : null;
        if (name) state.pending = { name, t0: performance.now(), ticked: true, changed: 0 };
      },
      true,
    );
    const size = (n: Node) => (n instanceof Element ? 1 + n.getElementsByTagName("*").length : 1);
    new MutationObserver((records) => {
      const p = state.pending;
      if (!p) return;
      for (const r of records) {
        if (r.type !== "childList") p.changed++;
        for (const n of r.addedNodes) p.changed += size(n);
        for (const n of r.removedNodes) p.changed += size(n);
      }
      if (p.domAt !== undefined) return;
      const shown = records.some((r) =>
        [...r.addedNodes].some(
          (n) =>
            n instanceof Element &&
            n.textContent?.includes(p.name) &&
            (!p.ticked || n.querySelector<HTMLInputElement>("input[type=checkbox]")?.checked === true),
        ),
      );
      if (!shown) return;
      p.domAt = performance.now();
      // The first task after the frame, at the scheduler's top priority: a task of normal priority (a
      // MessageChannel message, until 2026-12-01) ran after the IndexedDB events that queued during
      // the frame (the write's commit, the live query's read), a median 6.9 ms after our frame ended in
      // a trace of 30 completions, against 0.7 ms for the floor's; the frame was on its way to the screen by then.
      requestAnimationFrame(() => {
        void (window as unknown as PostTaskWindow).scheduler.postTask(
          () => {
            const end = performance.now();
            state.samples.push({ domMs: p.domAt! - p.t0, paintMs: end - p.t0, changed: p.changed });
            // Marks for a trace of the run (trace.ts): the window of each sample.
            performance.measure("bench-dom", { start: p.t0, end: p.domAt! });
            performance.measure("bench-paint", { start: p.t0, end });
            state.pending = null;
          },
          { priority: "user-blocking" },
        );
      });
    }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

/** Waits until `count` samples are recorded since `instrument` (or the last splice). */
export async function waitSamples(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => window.__adds!.samples.length === n, count, { polling: 10 });
}

async function addItems(page: Page, selector: string, label: string, count: number, pace: Pace): Promise<AddSample[]> {
  const input = page.locator(selector);
  for (let i = 0; i < count; i++) {
    await input.fill(`${label} ${String(i).padStart(2, "0")} ${Math.random().toString(36).slice(2, 8)}`);
    await page.keyboard.press("Enter");
    await waitSamples(page, i + 1);
    await pace();
  }
  return page.evaluate(() => window.__adds!.samples.splice(0));
}

/**
 * The floor: the same list on the same page, a row appended by plain DOM code in the keydown
 * handler (a clone of a listed row with the new text) and brought into view in the next frame, as
 * the app does, with none of the app's work (Dexie write, outbox, live query, React render).
 */
async function addFloorInput(page: Page, after: string): Promise<void> {
  await page.evaluate((after) => {
    // The list the app's own adds went to, after its last new row: the floor's row lands where ours did,
    // on screen. (The first list on the page is far above them by then, so a row appended there is
    // off screen and its frame costs next to nothing.) The add field's suggestions are a list of no rows.
    const labels = [...document.querySelectorAll("main ul > li label")].filter((l) => l.textContent?.startsWith(after));
    const template = labels.at(-1)?.closest("li") ?? document.querySelector("main ul > li")!;
    const list = template.parentElement!;
    const input = document.createElement("input");
    input.dataset.benchAdd = "1";
    input.style.cssText = "position:fixed;top:0;left:0;z-index:9999";
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      const row = template.cloneNode(true) as HTMLLIElement;
      row.querySelector("label")!.textContent = input.value;
      list.appendChild(row);
      input.value = "";
      requestAnimationFrame(() => row.scrollIntoView({ block: "nearest" }));
    });
    document.body.appendChild(input);
  }, after);
}

/** Adds items on the shopping page of a device holding `listed` items; warm-up adds are not counted. */
export async function uiAdd(
  baseUrl: string,
  account: BenchAccount,
  options: { listed: number; adds: number; warmup: number },
): Promise<UiResult> {
  const device = await newDevice(baseUrl);
  const { page } = device;
  try {
    await signIn(page, account);
    await page.getByRole("link", { name: "Shopping" }).first().click();
    // The listed rows on screen: the device has synced them (the sync pill is not watched here; on the
    // home page it was at times never seen to pass through "Syncing", and the run waited in vain).
    await page.waitForFunction((n) => document.querySelectorAll("main li").length >= n, options.listed, {
      timeout: 120_000,
      polling: 100,
    });
    await untilWorkerInstalled(page);
    await instrument(page);
    const rest = atRest(page, account);
    await addItems(page, "#new-item", "Warm-up", options.warmup, rest);
    const ours = await traced(page, "add-ours", () =>
      perAction(page, options.adds, () => addItems(page, "#new-item", "Bench item", options.adds, rest)),
    );
    const oursBackToBack = await addItems(page, "#new-item", "Quick item", options.adds, backToBack(page));
    await settle(page, account);
    await addFloorInput(page, "Quick item");
    await addItems(page, "input[data-bench-add]", "Warm-up floor", options.warmup, rest);
    const floor = await traced(page, "add-floor", () =>
      perAction(page, options.adds, () => addItems(page, "input[data-bench-add]", "Floor item", options.adds, rest)),
    );
    const floorBackToBack = await addItems(
      page,
      "input[data-bench-add]",
      "Quick floor",
      options.adds,
      backToBack(page),
    );
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
