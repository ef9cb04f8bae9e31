import { describe, expect, test, vi } from "vitest";
import { type Device, fetchProbe, openDevice, signUp, useTestServer, visible } from "../../test/client-server";
import { createApi } from "./api";
import { uuidv7 } from "./uuid";
import { type OpenSocket, type WebSocketLike, createPokeHandler, defaultOpenSocket } from "./live";
import { CURRENT_VERSIONS } from "../core/schema-version";

const { server, track } = useTestServer();

/**
 * Real sockets, recorded, each with a switch that drops incoming messages (a poke lost in flight),
 * and one that refuses new connections (the server out of reach) until turned off.
 */
function socketProbe() {
  const sockets: WebSocketLike[] = [];
  const probe = { sockets, dropMessages: 0, refuse: false };
  const openSocket: OpenSocket = (url, token) => {
    if (probe.refuse) throw new Error("connection refused (test)");
    const real = defaultOpenSocket(url, token);
    sockets.push(real);
    return {
      send: (data) => real.send(data),
      close: (code, reason) => real.close(code, reason),
      addEventListener(type: "open" | "error" | "message" | "close", listener: (event: never) => void) {
        if (type !== "message") return real.addEventListener(type as "open", listener as () => void);
        real.addEventListener("message", (event) => {
          if (probe.dropMessages > 0) probe.dropMessages--;
          else (listener as (e: { data: unknown }) => void)(event);
        });
      },
    } as WebSocketLike;
  };
  return { probe, openSocket };
}

/** Two members of one household on two devices; B listens live and its interval never fires in a test. */
async function household(options: { openSocket?: OpenSocket; fetch?: typeof fetch } = {}) {
  const a = await signUp(server, { name: "Ana" });
  const invite = await createApi({
    baseUrl: server.baseUrl,
    auth: { token: a.session.token ?? null },
  }).createInvite();
  const b = await signUp(server, { name: "Ben", inviteCode: invite.code });
  const deviceA = await openDevice(server, a.session);
  const deviceB = await openDevice(server, b.session, {
    live: { open: options.openSocket, config: { backoffMs: 50, maxBackoffMs: 200 } },
    fetch: options.fetch,
  });
  await track(deviceA);
  await track(deviceB);
  deviceB.engine.start({ intervalMs: 3_600_000, debounceMs: 3_600_000 });
  await vi.waitFor(() => expect(deviceB.engine.state.live).toBe(true), { timeout: 10_000 });
  return { a, b, deviceA, deviceB };
}

async function addItem(device: Device, name: string): Promise<void> {
  await device.repo.add("shoppingItems", { name });
  const outcome = await device.engine.sync();
  expect(outcome.status).toBe("synced");
}

const names = async (d: Device) => (await visible(d, "shoppingItems")).map((i) => i.name).sort();

describe("changes arrive live", () => {
  test("an item added on one device appears in the other's database without any sync there", async () => {
    const { deviceA, deviceB } = await household();
    await addItem(deviceA, "Milk");
    await vi.waitFor(async () => expect(await names(deviceB)).toEqual(["Milk"]), { timeout: 5_000 });
  });

  test("after the connection drops, the device reconnects and catches up on what it missed", async () => {
    const { probe, openSocket } = socketProbe();
    const { deviceA, deviceB } = await household({ openSocket });
    // Reconnecting is refused until the other device's change has gone by, so the change is missed
    // for certain (a reconnect 50 ms later could otherwise come back before the drop is even seen).
    probe.refuse = true;
    probe.sockets[0]?.close(4000, "dropped");
    await vi.waitFor(() => expect(deviceB.engine.state.live).toBe(false));
    await addItem(deviceA, "Bread");
    expect(await names(deviceB)).toEqual([]);
    probe.refuse = false;
    await vi.waitFor(async () => expect(await names(deviceB)).toEqual(["Bread"]), { timeout: 5_000 });
    expect(probe.sockets.length).toBe(2);
    expect(deviceB.engine.state.live).toBe(true);
  });

  test("a poke lost in flight is caught up by the next one", async () => {
    const { probe, openSocket } = socketProbe();
    const { deviceA, deviceB } = await household({ openSocket });
    probe.dropMessages = 1;
    await addItem(deviceA, "Eggs");
    await vi.waitFor(() => expect(probe.dropMessages).toBe(0));
    await addItem(deviceA, "Tea");
    await vi.waitFor(async () => expect(await names(deviceB)).toEqual(["Eggs", "Tea"]), { timeout: 5_000 });
  });

  test("a flood of pushes is pulled in far fewer pulls than pokes, and all of it arrives", async () => {
    const probe = fetchProbe();
    const { a, deviceB } = await household({ fetch: probe.fetch });
    const pullsSoFar = () => probe.requests.filter((r) => r.path.endsWith("/sync/pull")).length;
    const before = pullsSoFar();
    const flood = Array.from({ length: 25 }, (_, i) => `Item ${String(i).padStart(2, "0")}`);
    // 25 pushes at once, as from many busy devices: 25 pokes in a burst.
    const ts = new Date().toISOString();
    await Promise.all(
      flood.map(async (name) => {
        const row = {
          id: uuidv7(),
          createdAt: ts,
          updatedAt: ts,
          name,
          quantity: 1,
          unit: null,
          category: null,
          checked: false,
          deletedAt: null,
        };
        const res = await fetch(`${server.baseUrl}/api/sync/push`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${a.session.token}` },
          body: JSON.stringify({ ...CURRENT_VERSIONS, clientId: "flood", changes: { shoppingItems: [row] } }),
        });
        expect(res.status).toBe(200);
      }),
    );
    await vi.waitFor(async () => expect(await names(deviceB)).toEqual(flood), { timeout: 10_000 });
    const pulls = pullsSoFar() - before;
    expect(pulls).toBeGreaterThan(0);
    expect(pulls).toBeLessThan(25);
  });

  test("signed out elsewhere while connected: the socket closes and the device says so at once", async () => {
    const { b, deviceB } = await household();
    await createApi({ baseUrl: server.baseUrl, auth: { token: b.session.token ?? null } }).logout();
    await vi.waitFor(() => expect(deviceB.engine.state.status).toBe("unauthorized"), { timeout: 5_000 });
    expect(deviceB.engine.state.live).toBe(false);
  });
});

describe("many tabs of one account", () => {
  test("only one tab holds a socket; when it closes another takes over and changes keep arriving", async () => {
    const { probe, openSocket } = socketProbe();
    const { b, deviceA, deviceB } = await household({ openSocket });
    // Two more tabs of B's browser: the same IndexedDB and the same locks.
    const tabs = await Promise.all(
      [1, 2].map(() =>
        openDevice(server, b.session, {
          indexedDB: deviceB.indexedDB,
          live: { open: openSocket, config: { backoffMs: 50, maxBackoffMs: 200 } },
        }),
      ),
    );
    for (const t of tabs) await track(t);
    for (const t of tabs) t.engine.start({ intervalMs: 3_600_000, debounceMs: 3_600_000 });
    await addItem(deviceA, "Soap");
    await vi.waitFor(async () => expect(await names(tabs[1]!)).toEqual(["Soap"]), { timeout: 5_000 });
    expect(probe.sockets.length).toBe(1);
    deviceB.engine.stop();
    await vi.waitFor(() => expect(probe.sockets.length).toBe(2), { timeout: 5_000 });
    await addItem(deviceA, "Rice");
    await vi.waitFor(async () => expect(await names(tabs[0]!)).toEqual(["Rice", "Soap"]), { timeout: 5_000 });
  });
});

describe("pokes become pulls, coalesced", () => {
  test("pokes during a sync add one sync at most; older pokes add none", async () => {
    let cursor = 0;
    let syncs = 0;
    let finish: () => void = () => undefined;
    const handle = createPokeHandler({
      cursorVersion: async () => cursor,
      sync: () => {
        syncs++;
        return new Promise((resolve) => {
          finish = () => {
            cursor = 10 * syncs;
            resolve({ status: "synced" });
          };
        });
      },
    });
    const first = handle(3);
    await vi.waitFor(() => expect(syncs).toBe(1));
    for (const v of [4, 5, 6, 2]) void handle(v);
    finish();
    await first;
    // The sync moved the cursor (10) past every poke that came during it: no second sync.
    expect(syncs).toBe(1);
    void handle(15);
    await vi.waitFor(() => expect(syncs).toBe(2));
    finish();
  });

  test("a poke during another thread's sync waits for it, and pulls only if the cursor is still behind", async () => {
    let cursor = 0;
    let syncs = 0;
    let othersFinish: () => void = () => undefined;
    const othersRunning = new Promise<void>((resolve) => (othersFinish = resolve));
    const handle = createPokeHandler({
      cursorVersion: async () => cursor,
      sync: async () => {
        syncs++;
        cursor = 20;
        return { status: "synced" };
      },
      othersDone: () => othersRunning,
    });
    // The service worker pushed version 7 and is still pulling when its poke arrives here.
    const poked = handle(7);
    cursor = 7;
    othersFinish();
    await poked;
    expect(syncs).toBe(0);
    // A poke for someone else's change, with nothing running elsewhere: pulled here.
    await handle(12);
    expect(syncs).toBe(1);
  });

  test("a version the cursor never reaches (another member's private rows) does not loop", async () => {
    let syncs = 0;
    const handle = createPokeHandler({
      cursorVersion: async () => 5,
      sync: async () => {
        syncs++;
        return { status: "synced" };
      },
    });
    await handle(9);
    await handle(9);
    expect(syncs).toBe(1);
  });
});
