import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { CHROMIUM, LAUNCH_ARGS } from "../../e2e/browser";
import { waitUntilReadyOffline } from "../../e2e/pages";
import type { BenchAccount } from "./api";

/** A new device: a fresh on-disk Chromium profile (IndexedDB on disk, as on a phone), one page. */
export interface Device {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function newDevice(baseURL: string): Promise<Device> {
  const profile = mkdtempSync(path.join(tmpdir(), "domus-bench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    baseURL,
    viewport: { width: 1280, height: 800 },
    ...(process.env.BENCH_NO_SW ? { serviceWorkers: "block" as const } : {}),
  });
  // tsx compiles this file keeping function names through an `__name` helper that page functions
  // then call; the page must have it too.
  await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

declare global {
  interface Window {
    /** Filled by `watchSyncStatus`: when the status pill last showed syncing, then "Synced" after it. */
    __syncMarks?: { submitAt: number | null; syncingAt: number | null; syncedAt: number | null };
  }
}

/**
 * Records, in the page's own clock, when the sync status pill (`role=status`) starts showing a sync
 * and when it shows "Synced" after that: the moment a user sees the device is up to date. Survives
 * the client-side navigation from /signin to /. `resetSyncMarks` starts a new observation.
 */
export async function watchSyncStatus(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__syncMarks = { submitAt: null, syncingAt: null, syncedAt: null };
    performance.setResourceTimingBufferSize(100_000);
    document.addEventListener("submit", () => (window.__syncMarks!.submitAt = performance.now()), true);
    const look = () => {
      const marks = window.__syncMarks!;
      const text = document.querySelector('[role="status"]')?.textContent?.trim() ?? "";
      if (/^(Syncing|Receiving|Sending)/.test(text)) marks.syncingAt ??= performance.now();
      else if ((text === "Synced" || text === "Live") && marks.syncingAt !== null) marks.syncedAt ??= performance.now();
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

export async function resetSyncMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    performance.clearResourceTimings();
    window.__syncMarks = { submitAt: null, syncingAt: null, syncedAt: null };
  });
}

export async function waitSynced(page: Page, timeoutMs: number) {
  await page.waitForFunction(() => window.__syncMarks?.syncedAt != null, null, { timeout: timeoutMs, polling: 50 });
  return page.evaluate(() => {
    // The engine may start pulling before the pill is on screen (sign-in still navigating): its first
    // pull request is then the earlier sign of the sync.
    const pulls = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/api/sync/pull"));
    return {
      ...window.__syncMarks!,
      firstPullAt: pulls[0]?.startTime ?? null,
      /** Time spent waiting on pull requests (request sent to response read), summed. */
      pullRequestMs: pulls.reduce((ms, e) => ms + e.duration, 0),
    };
  });
}

/** Signs in through the app's form, as a person on a new device would. */
export async function signIn(page: Page, account: BenchAccount): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Waits until the page's service worker is installed and controls the page (`waitUntilReadyOffline`,
 * as the end-to-end tests do). Its install precaches the app (about 40 files, fetched and stored by
 * the worker while the page runs): a UI sample taken meanwhile pays for that once-per-version work,
 * which the floor, measured later on the same page, never does. Until 2026-12-01 the first measured
 * ticks ran while the worker was still fetching. Without a worker (`BENCH_NO_SW`), returns at once.
 */
export async function untilWorkerInstalled(page: Page): Promise<void> {
  if (!process.env.BENCH_NO_SW) await waitUntilReadyOffline(page);
}

/**
 * Waits until the app has settled after an action: nothing left in the account's outbox (its changes
 * are pushed), then the page's main thread quiet for 100 ms (the push's answer, the server's poke and
 * the pull it starts, and the live queries they wake, are done), then `REACH_MS`. A person's next
 * click on a page at rest is the one the UI goals are about; clicks that land while the last one
 * still syncs are timed apart (`BACK_TO_BACK_MS`). The floor's clicks, with no app at work, wait the
 * same way.
 */
export async function settle(page: Page, account: BenchAccount): Promise<void> {
  // The outbox read by plain IndexedDB (`countRows`: a second connection, as another tab's would be),
  // every 50 ms for at most 30 s.
  for (const until = Date.now() + 30_000; ;) {
    const waiting = await countRows(page, account, "outbox");
    if (waiting === 0) break;
    if (Date.now() > until) throw new Error(`${waiting} changes still waiting after 30 s`);
    await page.waitForTimeout(50);
  }
  // Quiet: timers 10 ms apart each fire within 5 ms of their time, ten in a row, so no task of
  // more than about 5 ms ran for 100 ms. (Idle callbacks were tried first: Chromium at times gave
  // none for over 30 s to a page whose main thread was idle, as a CPU profile showed.)
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const until = performance.now() + 30_000;
        let quiet = 0;
        let due = performance.now() + 10;
        const step = () => {
          const now = performance.now();
          quiet = now - due < 5 ? quiet + 1 : 0;
          if (quiet >= 10) return resolve();
          if (now > until) return reject(new Error("the page's main thread was not quiet for 100 ms in 30 s"));
          due = now + 10;
          setTimeout(step, 10);
        };
        setTimeout(step, 10);
      }),
  );
  // Then a person's reach for the next box or key. Quiet alone was not rest: in one run, completions
  // clicked right after it measured 1.84x the floor's painted frame at the median; with the reach,
  // 1.36x and 1.28x in two runs (and, in alternating runs of one build, 1.95x and 1.86x with clicks
  // 100 ms apart against 1.30x and 1.16x with 600 ms).
  await page.waitForTimeout(REACH_MS);
}

/** A person's time from one click or key press to the next, at a steady pace. */
const REACH_MS = 500;

/** The pause between clicks "back to back": a quick person's, while the last action still syncs. */
export const BACK_TO_BACK_MS = 100;

/** Rows of a synced store in the account's IndexedDB, read without the app. */
export async function countRows(page: Page, account: BenchAccount, store: string): Promise<number> {
  return page.evaluate(
    ({ name, store }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(store, "readonly").objectStore(store).count();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    { name: `domus-u-${account.userId}`, store },
  );
}
