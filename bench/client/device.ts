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
