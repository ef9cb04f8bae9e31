import { createRequire } from "node:module";
import type { Dexie } from "dexie";
import type { Page } from "playwright-core";
import { dexieStore } from "../../src/core/dexie-stores";
import { shoppingItems } from "../../src/core/tables";
import type { BenchAccount } from "./api";
import { countRows, newDevice, signIn, waitSynced, watchSyncStatus } from "./device";
import { startCpuProfile, stopCpuProfile } from "./cpu-profile";
import { CURRENT_VERSIONS } from "../../src/core/schema-version";

const DEXIE_UMD = createRequire(import.meta.url).resolve("dexie/dist/dexie.js");

export interface ColdStartRun {
  /** The sync starting (its first pull request, or the pill showing it if earlier) to "Synced" shown. */
  syncMs: number;
  /** Pressing "Sign in" to "Synced". */
  signInToSyncedMs: number;
  /** Of `syncMs`, waiting on pull requests (network and server), summed over the pages. */
  pullRequestMs: number;
}

/** Ours: a new device signs in through the app and its real sync engine pulls every row. */
export async function coldStartOurs(
  baseUrl: string,
  account: BenchAccount,
  rows: number,
  /** Where to write a CPU profile of the page from sign-in to "Synced" (its summary goes to stderr). */
  profilePath?: string,
): Promise<ColdStartRun> {
  const device = await newDevice(baseUrl);
  try {
    await watchSyncStatus(device.page);
    const workerRequests: { start: number; end: number; url: string }[] = [];
    if (process.env.BENCH_COLD_TIMELINE) {
      await logTransactions(device.page);
      // The service worker's requests (its precache, its syncs): not in the page's resource timing.
      device.context.on("requestfinished", (r) => {
        if (!r.serviceWorker()) return;
        const t = r.timing();
        workerRequests.push({ start: t.startTime, end: t.startTime + t.responseEnd, url: r.url() });
      });
    }
    await device.page.goto("/signin");
    const profiler = profilePath ? await startCpuProfile(device.page) : null;
    await signIn(device.page, account);
    const marks = await waitSynced(device.page, 600_000);
    if (profiler) console.error(await stopCpuProfile(profiler, profilePath!));
    // BENCH_COLD_TIMELINE=1: every run's requests, not only the profiled one's.
    if (profiler || process.env.BENCH_COLD_TIMELINE) {
      const timeline = await device.page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .map((e) => e as PerformanceResourceTiming)
          .map((e) => `${e.startTime.toFixed(0).padStart(6)} → ${e.responseEnd.toFixed(0).padStart(6)}  ${e.name}`),
      );
      const transactions = await device.page.evaluate(() => window.__idbLog ?? []);
      const origin = await device.page.evaluate(() => performance.timeOrigin);
      console.error(
        `service worker requests (page clock):\n${workerRequests.map((r) => `${(r.start - origin).toFixed(0).padStart(6)} → ${(r.end - origin).toFixed(0).padStart(6)}  ${r.url}`).join("\n")}`,
      );
      console.error(
        `IndexedDB read-write transactions (page clock: opened, first and last put, complete; puts, stores):\n${transactions.join("\n")}`,
      );
      console.error(
        `requests (page clock; submit ${marks.submitAt?.toFixed(0)}, syncing ${marks.syncingAt?.toFixed(0)}, synced ${marks.syncedAt?.toFixed(0)}):\n${timeline.join("\n")}`,
      );
    }
    const stored = await countRows(device.page, account, "shoppingItems");
    if (stored !== rows) throw new Error(`cold start stored ${stored} rows, expected ${rows}`);
    const startedAt = Math.min(marks.syncingAt!, marks.firstPullAt ?? Infinity);
    return {
      syncMs: marks.syncedAt! - startedAt,
      signInToSyncedMs: marks.syncedAt! - marks.submitAt!,
      pullRequestMs: marks.pullRequestMs,
    };
  } finally {
    await device.close();
  }
}

declare global {
  interface Window {
    Dexie: typeof Dexie;
    __idbLog?: string[];
  }
}

/**
 * BENCH_COLD_TIMELINE: the page's read-write IndexedDB transactions, each with when it was opened,
 * its first and last `put`, when it completed, and its number of puts (the service worker's are not seen).
 */
async function logTransactions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: string[] = (window.__idbLog = []);
    const puts = new WeakMap<IDBTransaction, { n: number; first: number; last: number }>();
    const open = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase["transaction"]>) {
      const tx = open.apply(this, args);
      if (args[1] !== "readwrite") return tx;
      const at = performance.now();
      const stores = [...tx.objectStoreNames].join(",");
      tx.addEventListener("complete", () => {
        const p = puts.get(tx);
        const f = (n: number | undefined) => (n === undefined ? "-" : n.toFixed(0)).padStart(6);
        log.push(`${f(at)} ${f(p?.first)} ${f(p?.last)} ${f(performance.now())}  ${p?.n ?? 0} puts  ${stores}`);
      });
      return tx;
    };
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      const now = performance.now();
      const p = puts.get(this.transaction) ?? { n: 0, first: now, last: now };
      p.n++;
      p.last = now;
      puts.set(this.transaction, p);
      return put.apply(this, args);
    };
  });
}

/**
 * The floor, in the same browser on a fresh profile: the same rows fetched raw (two pulls of 5,000,
 * the server's largest page) and stored by one bare Dexie `bulkPut` into a store with the app's
 * indexes. No merge, no outbox, no cursor, no UI.
 */
export async function coldStartFloor(
  baseUrl: string,
  account: BenchAccount,
  rows: number,
): Promise<{ ms: number; fetchMs: number }> {
  const device = await newDevice(baseUrl);
  try {
    const { page, context } = device;
    await context.request.post("/api/auth/login", { data: { email: account.email, password: account.password } });
    // A blank page of the app's origin, served by the browser itself: the app's pages and API answer
    // with a Content-Security-Policy that (rightly) refuses the injected Dexie script.
    await page.route("**/__bench-floor", (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>floor</title>" }),
    );
    await page.goto("/__bench-floor");
    await page.addScriptTag({ path: DEXIE_UMD });
    const result = await page.evaluate(
      async ({ stores, versions }) => {
        const db = new window.Dexie("floor");
        db.version(1).stores({ shoppingItems: stores });
        await db.open();
        const start = performance.now();
        const all: unknown[] = [];
        let cursor: string | null = null;
        for (;;) {
          const res = await fetch("/api/sync/pull", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ ...versions, cursor, limit: 5000 }),
          });
          const page = (await res.json()) as {
            changes: { shoppingItems?: unknown[] };
            cursor: string;
            hasMore: boolean;
          };
          all.push(...(page.changes.shoppingItems ?? []));
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
        const fetchMs = performance.now() - start;
        await db.table("shoppingItems").bulkPut(all);
        const ms = performance.now() - start;
        return { ms, fetchMs, stored: await db.table("shoppingItems").count() };
      },
      { stores: dexieStore(shoppingItems), versions: CURRENT_VERSIONS },
    );
    if (result.stored !== rows) throw new Error(`floor stored ${result.stored} rows, expected ${rows}`);
    return { ms: result.ms, fetchMs: result.fetchMs };
  } finally {
    await device.close();
  }
}
