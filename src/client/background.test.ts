import { describe, expect, test, vi } from "vitest";
import { type Device, type FetchProbe, fetchProbe, openDevice, signUp, useTestServer } from "../../test/client-server";
import { backoffDelay } from "./backoff";

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

  test("a refused session stops retries until something changes", async () => {
    const probe = fetchProbe();
    const d = await signedInDevice(probe);
    d.auth.token = "not-a-token";
    d.engine.start({ backoffMs: 20, intervalMs: 60_000 });
    await vi.waitFor(() => expect(d.engine.state.status).toBe("unauthorized"));
    const seen = probe.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.requests.length).toBe(seen);
    expect(d.engine.state.retryAt).toBeNull();
  });

  test("stop() ends background syncing", async () => {
    const probe = fetchProbe();
    const d = await signedInDevice(probe);
    d.engine.start({ intervalMs: 50 });
    await vi.waitFor(() => expect(pulls(probe)).toBeGreaterThanOrEqual(2));
    d.engine.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seen = probe.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(probe.requests.length).toBe(seen);
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
