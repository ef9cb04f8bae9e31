import { describe, expect, test, vi } from "vitest";
import { type Device, fetchProbe, openDevice, signIn, signUp, useTestServer } from "../../test/client-server";
import type { SyncProgress } from "./sync-state";

const { server, track } = useTestServer();

function progressOf(device: Device): SyncProgress[] {
  const seen: SyncProgress[] = [];
  device.engine.subscribe((s) => {
    if (s.progress) seen.push(s.progress);
  });
  return seen;
}

describe("large syncs", () => {
  test("2,500 rows go up in chunks of 500 and come down in pages, with progress", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const b = await track(openDevice(server, await signIn(server, user), { pullLimit: 1_000 }));
    for (let i = 0; i < 2_500; i++) await a.repo.add("shoppingItems", { name: `Item ${i}` });

    // The badge count follows local writes live.
    await vi.waitFor(() => expect(a.engine.state.pending).toBe(2_500));

    const up = progressOf(a);
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 2_500 });
    const pushes = probe.requests.filter((r) => r.path.endsWith("/sync/push"));
    expect(
      pushes.map((r) => (r.body as { changes: { shoppingItems: unknown[] } }).changes.shoppingItems.length),
    ).toEqual([500, 500, 500, 500, 500]);
    const sent = up.filter((p) => p.phase === "push").map((p) => [p.sent, p.total]);
    expect(sent.at(-1)).toEqual([2_500, 2_500]);
    expect(sent).toContainEqual([500, 2_500]);

    const down = progressOf(b);
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pulled: 2_500 });
    const received = down.filter((p) => p.phase === "pull" && p.received > 0).map((p) => [p.received, p.remaining]);
    expect(received).toEqual([
      [1_000, 1_500],
      [2_000, 500],
      [2_500, 0],
    ]);
    expect(await b.db.shoppingItems.count()).toBe(2_500);
    expect(b.engine.state.progress).toBeNull();
  }, 120_000);
});

describe("one sync at a time", () => {
  test("two sync() calls at once run one after the other", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    await a.repo.add("tasks", { title: "Defrost freezer" });
    const [first, second] = await Promise.all([a.engine.sync(), a.engine.sync()]);
    expect(first).toMatchObject({ status: "synced", pushed: 1 });
    expect(second).toMatchObject({ status: "synced", pushed: 0 });
    expect(probe.maxInFlight).toBe(1);
    expect(probe.requests.map((r) => r.path)).toEqual(["/api/sync/push", "/api/sync/pull", "/api/sync/pull"]);
  });

  test("calls made during a sync share a single next run", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const running = a.engine.sync();
    const queued = [a.engine.sync(), a.engine.sync(), a.engine.sync()];
    expect(queued[1]).toBe(queued[0]);
    await Promise.all([running, ...queued]);
    expect(probe.requests.filter((r) => r.path.endsWith("/sync/pull"))).toHaveLength(2);
  });

  test("two tabs on one database never sync at the same time", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const tab1 = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const tab2 = await track(openDevice(server, user.session, { fetch: probe.fetch, indexedDB: tab1.indexedDB }));
    for (let i = 0; i < 20; i++) await tab1.repo.add("notes", { title: `Note ${i}` });
    const outcomes = await Promise.all([tab1.engine.sync(), tab2.engine.sync(), tab1.engine.sync()]);
    expect(outcomes.map((o) => o.status)).toEqual(["synced", "synced", "synced"]);
    expect(probe.maxInFlight).toBe(1);
    // The rows went up once: whichever tab ran second found nothing left to push.
    expect(probe.pushedIds()).toHaveLength(20);
  });
});
