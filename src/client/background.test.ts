import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, test, vi } from "vitest";
import { type Device, type FetchProbe, fetchProbe, openDevice, signUp, useTestServer } from "../../test/client-server";
import { backoffDelay } from "./backoff";
import { runBackground } from "./background";
import { openDomusDb } from "./db";
import { openClient } from "./open-client";
import type { SyncOutcome } from "./sync-state";

const { server, track } = useTestServer();

/** Window and document stand-ins that the test can fire `online` and `visibilitychange` on. */
function fakeBrowser() {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: "hidden" });
  return { window, document };
}

async function signedInDevice(probe: FetchProbe, browser = fakeBrowser()): Promise<Device> {
  const user = await signUp(server);
  return track(openDevice(server, user.session, { fetch: probe.fetch, random: () => 1, environment: browser }));
}

const pulls = (probe: FetchProbe) => probe.requests.filter((r) => r.path.endsWith("/sync/pull")).length;

describe("background sync", () => {
  test("a local change is synced a moment later without anyone pressing sync", async () => {
    const probe = fetchProbe();
    const d = await signedInDevice(probe);
    d.engine.start({ debounceMs: 50, intervalMs: 60_000 });
    await vi.waitFor(() => expect(d.engine.state.lastSyncAt).not.toBeNull());
    const id = await d.repo.add("shoppingItems", { name: "Lemons" });
    await vi.waitFor(() => expect(probe.pushedIds()).toEqual([`shoppingItems/${id}`]), { timeout: 5_000 });
    await vi.waitFor(() => expect(d.engine.state).toMatchObject({ status: "idle", pending: 0 }));
    expect(probe.maxInFlight).toBe(1);
  });

  test("syncs on an interval", async () => {
    const probe = fetchProbe();
    const d = await signedInDevice(probe);
    d.engine.start({ intervalMs: 100 });
    await vi.waitFor(() => expect(pulls(probe)).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    expect(probe.maxInFlight).toBe(1);
  });

  test("failures back off exponentially, and sync resumes when the network returns", async () => {
    const probe = fetchProbe();
    probe.offline = true;
    const d = await signedInDevice(probe);
    const attempts: number[] = [];
    let previous = d.engine.state.status;
    d.engine.subscribe((s) => {
      if (s.status === "syncing" && previous !== "syncing") attempts.push(Date.now());
      previous = s.status;
    });
    await d.repo.add("tasks", { title: "Renew insurance" });
    d.engine.start({ debounceMs: 10, backoffMs: 100, maxBackoffMs: 400, intervalMs: 60_000 });
    await vi.waitFor(() => expect(attempts.length).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    expect(d.engine.state.status).toBe("offline");
    expect(d.engine.state.retryAt).not.toBeNull();
    const gaps = attempts.slice(1, 4).map((t, i) => t - attempts[i]!);
    // With jitter pinned to its maximum: 100, 200, 400 ms (timers may run a little late, never early).
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
    expect(gaps[2]).toBeGreaterThan(gaps[0]! * 2);
    expect(d.engine.state.pending).toBe(1);

    probe.offline = false;
    await vi.waitFor(() => expect(d.engine.state).toMatchObject({ status: "idle", pending: 0, retryAt: null }), {
      timeout: 5_000,
    });
    expect(probe.pushedIds()).toHaveLength(1);
  });

  test("coming back online or to the page syncs at once, even while backing off", async () => {
    const probe = fetchProbe();
    probe.offline = true;
    const browser = fakeBrowser();
    const d = await signedInDevice(probe, browser);
    await d.repo.add("notes", { title: "Boiler service" });
    d.engine.start({ backoffMs: 60_000, intervalMs: 60_000 });
    await vi.waitFor(() => expect(d.engine.state.status).toBe("offline"));

    probe.offline = false;
    browser.window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(d.engine.state).toMatchObject({ status: "idle", pending: 0 }), { timeout: 2_000 });

    const before = pulls(probe);
    browser.document.visibilityState = "visible";
    browser.document.dispatchEvent(new Event("visibilitychange"));
    await vi.waitFor(() => expect(pulls(probe)).toBe(before + 1), { timeout: 2_000 });
  });
});

/**
 * What must NOT happen (a retry, a sync after stop) is shown on fake timers: time is moved on far
 * past every interval and backoff, deterministically, instead of sleeping and hoping nothing came.
 * The scheduler is driven directly, with a sync that reports the outcome under test.
 */
describe("the background scheduler on fake timers", () => {
  const CONFIG = { intervalMs: 60_000, debounceMs: 10, handOffGraceMs: 3_000, backoffMs: 20, maxBackoffMs: 1_000 };
  const outcome = (status: SyncOutcome["status"]): SyncOutcome => ({
    status,
    pushed: 0,
    pulled: 0,
    conflicts: 0,
    rejected: 0,
    error: null,
    retryAfterMs: null,
  });

  function schedule(status: SyncOutcome["status"], config = CONFIG) {
    const db = openDomusDb({ name: `scheduler-${crypto.randomUUID()}`, indexedDB: new IDBFactory(), IDBKeyRange });
    const seen = { syncs: 0, retries: [] as (string | null)[] };
    const stop = runBackground(
      {
        db,
        sync: async () => {
          seen.syncs++;
          return outcome(status);
        },
        random: () => 1,
        now: () => Date.now(),
        environment: {},
        onRetry: (at) => seen.retries.push(at),
        progress: () => ({ pending: 0, lastSyncAt: null }),
      },
      config,
    );
    return { seen, stop, db };
  }

  /**
   * The scheduler on a real local database (its writes are what it watches), with `handOff`
   * answering `accepts`: `worker()` is the service worker's sync of what waits.
   */
  async function handingOff(accepts: boolean) {
    const client = await openClient({ userId: null, indexedDB: new IDBFactory(), IDBKeyRange });
    const seen = { syncs: 0, handOffs: 0, pending: 0, lastSyncAt: null as string | null };
    const synced = () => {
      seen.pending = 0;
      seen.lastSyncAt = new Date().toISOString();
    };
    const stop = runBackground(
      {
        db: client.db,
        sync: async () => {
          seen.syncs++;
          synced();
          return outcome("synced");
        },
        random: () => 1,
        now: () => Date.now(),
        environment: {},
        onRetry: () => undefined,
        handOff: async () => {
          seen.handOffs++;
          return accepts;
        },
        progress: () => seen,
      },
      CONFIG,
    );
    const write = async (title: string) => {
      await client.repo.add("tasks", { title });
      seen.pending++;
      await vi.waitFor(() => expect(seen.handOffs).toBeGreaterThan(0));
    };
    return {
      seen,
      write,
      worker: synced,
      close() {
        stop();
        client.close();
      },
    };
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  test("a refused session schedules no retry: nothing runs until the next interval", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const { seen, stop, db } = schedule("unauthorized");
    await vi.advanceTimersByTimeAsync(CONFIG.intervalMs - 1);
    // With a 20 ms backoff a retry loop would have run thousands of times by now.
    expect(seen).toEqual({ syncs: 1, retries: [null] });
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.syncs).toBe(2);
    stop();
    db.close();
  });

  test("failures do retry on the backoff timer (the same clock, so the test above can fail)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const { seen, stop, db } = schedule("offline");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen.syncs).toBeGreaterThan(3);
    expect(seen.retries.every((at) => at !== null)).toBe(true);
    stop();
    db.close();
  });

  test("a change handed to the service worker is left to it: the page sends nothing", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const page = await handingOff(true);
    await vi.waitFor(() => expect(page.seen.syncs).toBe(1)); // the sync at start
    await page.write("Water the plants");
    await vi.advanceTimersByTimeAsync(300);
    page.worker();
    await vi.advanceTimersByTimeAsync(CONFIG.intervalMs - 1_000);
    expect(page.seen).toMatchObject({ syncs: 1, handOffs: 1 });
    page.close();
  });

  test("the page syncs a handed-off change itself when no sync ends within the grace", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const page = await handingOff(true);
    await vi.waitFor(() => expect(page.seen.syncs).toBe(1));
    await page.write("Water the plants");
    // The worker syncs once within the grace, but a second change came after it: one grace more.
    await vi.advanceTimersByTimeAsync(1_000);
    page.worker();
    page.seen.pending = 1;
    await vi.advanceTimersByTimeAsync(CONFIG.handOffGraceMs);
    expect(page.seen.syncs).toBe(1);
    // Then the worker is silent: the page steps in once the second grace ends.
    await vi.advanceTimersByTimeAsync(CONFIG.handOffGraceMs - 1_000 - 100);
    expect(page.seen.syncs).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(page.seen).toMatchObject({ syncs: 2, pending: 0 });
    page.close();
  });

  test("a change the browser would not take is synced by the page after the debounce", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const page = await handingOff(false);
    await vi.waitFor(() => expect(page.seen.syncs).toBe(1));
    await page.write("Water the plants");
    await vi.advanceTimersByTimeAsync(CONFIG.debounceMs);
    expect(page.seen).toMatchObject({ syncs: 2, handOffs: 1 });
    page.close();
  });

  test("stop() ends background syncing: no timer fires again, however long", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const { seen, stop, db } = schedule("synced", { ...CONFIG, intervalMs: 50 });
    await vi.advanceTimersByTimeAsync(120);
    expect(seen.syncs).toBe(3); // at start, then at 50 and 100 ms
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen.syncs).toBe(3);
    db.close();
  });
});

describe("backoff delays", () => {
  test("double per failure, stay within half and all of the step, and respect the cap and Retry-After", () => {
    const at = (failures: number, random: number, retryAfterMs?: number) =>
      backoffDelay({ failures, baseMs: 1_000, maxMs: 60_000, random: () => random, retryAfterMs });
    expect([1, 2, 3, 4].map((n) => at(n, 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => at(n, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(at(20, 1)).toBe(60_000);
    expect(at(1, 0, 30_000)).toBe(30_000);
  });
});
