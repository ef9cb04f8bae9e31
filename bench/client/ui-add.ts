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

/** Chromium's `scheduler.postTask` (Prioritized Task Scheduling), which TypeScript's DOM types lack. */
interface PostTaskWindow {
  scheduler: { postTask(task: () => void, options: { priority: "user-blocking" }): Promise<void> };
}

declare global {
  interface Window {
    __adds?: {
      samples: AddSample[];
      pending: { name: string; t0: number; ticked: boolean; floor: boolean; domAt?: number; changed: number } | null;
    };
    /** The floor's click handler (ui-tick.ts): armed for one click, then how to put the page back. */
    __benchFloor?: { armed: boolean; to: HTMLElement; undo?: () => void };
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
        const floor = input.dataset.benchAdd !== undefined;
        state.pending = { name: input.value, t0: performance.now(), ticked: false, floor, changed: 0 };
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
        const floor = window.__benchFloor?.armed === true;
        if (name) state.pending = { name, t0: performance.now(), ticked: true, floor, changed: 0 };
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
            // Marks for a trace of the run (trace.ts): the window of each sample, ours or the floor's.
            const side = p.floor ? "floor" : "bench";
            performance.measure(`${side}-dom`, { start: p.t0, end: p.domAt! });
            performance.measure(`${side}-paint`, { start: p.t0, end });
            state.pending = null;
          },
          { priority: "user-blocking" },
        );
      });
    }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

/**
 * `count` actions of ours and as many of the floor's, in turns, each pair in the other order than the
 * last (ours first, then the floor's first), so that drift during the run (a warming JIT, a growing
 * heap, a busy neighbour on the machine's two cores) weighs on both sides alike, as in the server
 * figures. Until 2026-12-02 the floor's actions came after all of ours: the floor's painted median
 * moved from 16 to 27 ms between runs of one build, and the tick's ratio from 1.1x to 2.0x. (The
 * floor's change is undone after each of its samples, so the page is React's own for the next action;
 * main-thread time, which would count that undoing, is measured after, in a row per side.)
 */
export async function inTurns(
  count: number,
  act: { ours: () => Promise<AddSample>; floor: () => Promise<AddSample> },
): Promise<Pick<UiResult, "ours" | "floor">> {
  const samples = { ours: [] as AddSample[], floor: [] as AddSample[] };
  for (let i = 0; i < count; i++) {
    const sides = i % 2 === 0 ? (["ours", "floor"] as const) : (["floor", "ours"] as const);
    for (const side of sides) samples[side].push(await act[side]());
  }
  return samples;
}

/** `count` actions in a row, and the page's main-thread time per action over them (see main-thread.ts). */
export async function inRow(page: Page, count: number, act: () => Promise<AddSample>): Promise<number> {
  const { mainMs } = await perAction(page, count, async () => {
    for (let i = 0; i < count; i++) await act();
  });
  return mainMs;
}

/** `count` actions in a row, each `BACK_TO_BACK_MS` after the last one's sample. */
export async function backToBack(
  count: number,
  act: (pace: Pace) => Promise<AddSample>,
  page: Page,
): Promise<AddSample[]> {
  const samples: AddSample[] = [];
  for (let i = 0; i < count; i++) samples.push(await act(() => page.waitForTimeout(BACK_TO_BACK_MS)));
  return samples;
}

/** Waits until `count` samples are recorded since `instrument` (or the last splice). */
export async function waitSamples(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => window.__adds!.samples.length === n, count, { polling: 10 });
}

/**
 * Types a new item in the field `selector` finds and presses Enter: its sample. With `undo` (the
 * floor's), its row is taken out once timed, so the list is React's own again for the next add.
 */
async function addItem(page: Page, selector: string, label: string, pace: Pace, undo = false): Promise<AddSample> {
  await page.locator(selector).fill(`${label} ${Math.random().toString(36).slice(2, 8)}`);
  await page.keyboard.press("Enter");
  await waitSamples(page, 1);
  const [sample] = await page.evaluate((undo) => {
    if (undo) document.querySelector("main li[data-bench-floor]")?.remove();
    return window.__adds!.samples.splice(0);
  }, undo);
  await pace();
  return sample!;
}

/**
 * The floor: the same list on the same page, a row appended by plain DOM code in the keydown
 * handler (a clone of a listed row with the new text) and brought into view in the next frame, as
 * the app does, with none of the app's work (Dexie write, outbox, live query, React render).
 */
async function addFloorInput(page: Page, after: string): Promise<void> {
  await page.evaluate((after) => {
    const input = document.createElement("input");
    input.dataset.benchAdd = "1";
    input.style.cssText = "position:fixed;top:0;left:0;z-index:9999";
    // The list the app's own adds went to, after its last new row: the floor's row lands where ours did,
    // on screen. (The first list on the page is far above them, so a row appended there is off screen
    // and its frame costs next to nothing.) The add field's suggestions are a list of no rows. Found
    // while the text is typed, not in the timed key press: it reads every row's label.
    let template: Element | null = null;
    input.addEventListener("input", () => {
      if (template) return;
      const labels = [...document.querySelectorAll("main ul > li label")].filter((l) =>
        l.textContent?.startsWith(after),
      );
      template = labels.at(-1)?.closest("li") ?? document.querySelector("main ul > li")!;
    });
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || !template) return;
      const list = template.parentElement!;
      const row = template.cloneNode(true) as HTMLLIElement;
      template = null;
      row.dataset.benchFloor = "1";
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
    await addFloorInput(page, "Bench item");
    const rest = atRest(page, account);
    const ours = (pace: Pace) => addItem(page, "#new-item", "Bench item", pace);
    const floor = (pace: Pace, undo = true) => addItem(page, "input[data-bench-add]", "Floor item", pace, undo);
    for (let i = 0; i < options.warmup; i++) {
      await ours(rest);
      await floor(rest);
    }
    const samples = await traced(page, "add", () =>
      inTurns(options.adds, { ours: () => ours(rest), floor: () => floor(rest) }),
    );
    const oursBackToBack = await backToBack(options.adds, ours, page);
    await settle(page, account);
    const inRowCount = Math.ceil(options.adds / 2);
    const oursMs = await inRow(page, inRowCount, () => ours(rest));
    // From here on the floor's rows stay: nothing of ours runs after them.
    const floorMs = await inRow(page, inRowCount, () => floor(rest, false));
    const floorBackToBack = await backToBack(options.adds, (pace) => floor(pace, false), page);
    return {
      ...samples,
      mainMs: { ours: oursMs, floor: floorMs },
      backToBack: { ours: oursBackToBack, floor: floorBackToBack },
    };
  } finally {
    await device.close();
  }
}
