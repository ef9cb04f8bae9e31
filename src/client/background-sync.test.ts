import { liveQuery } from "dexie";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, test, vi } from "vitest";
import { fetchProbe, openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { DEVICE_DB_NAME, getActiveAccount, setActiveAccount } from "./active-account";
import { BACKGROUND_SYNC_TAG, syncActiveAccount, worthRetrying } from "./background-sync";
import { requestBackgroundSync, requestBackgroundSyncs } from "./background-sync-requests";
import type { DomusDb } from "./db";
import { saveSettings } from "./meta";

const { server, track } = useTestServer();

describe("the active account, handed from the page to the service worker", () => {
  test("is the account the page recorded last, and none after sign-out", async () => {
    const browser = { indexedDB: new IDBFactory(), IDBKeyRange };
    expect(await getActiveAccount(browser)).toBeNull();
    await setActiveAccount({ userId: "u-1" }, browser);
    await setActiveAccount({ userId: "u-2" }, browser);
    expect(await getActiveAccount(browser)).toEqual({ userId: "u-2" });
    await setActiveAccount(null, browser);
    expect(await getActiveAccount(browser)).toBeNull();
  });

  test("a record this version did not write is no account at all", async () => {
    const browser = { indexedDB: new IDBFactory(), IDBKeyRange };
    await setActiveAccount({ userId: "u-1" }, browser);
    const { Dexie } = await import("dexie");
    const raw = new Dexie(DEVICE_DB_NAME, browser);
    raw.version(1).stores({ records: "key" });
    await raw.table("records").put({ key: "activeAccount", value: { user: 42 } });
    raw.close();
    expect(await getActiveAccount(browser)).toBeNull();
  });
});

describe("the service worker's sync", () => {
  test("sends a change the closed page left behind, and another device receives it", async () => {
    const user = await signUp(server);
    const browser = new IDBFactory();
    const page = await openDevice(server, user.session, { indexedDB: browser });
    await setActiveAccount({ userId: user.session.user.id }, { indexedDB: browser, IDBKeyRange });
    const id = await page.repo.add("shoppingItems", { name: "Candles" });
    page.close();

    const probe = fetchProbe();
    const outcome = await syncActiveAccount({
      indexedDB: browser,
      IDBKeyRange,
      baseUrl: server.baseUrl,
      auth: { token: user.session.token ?? null },
      fetch: probe.fetch,
    });
    expect(outcome).toMatchObject({ status: "synced", pushed: 1 });
    expect(worthRetrying(outcome)).toBe(false);
    expect(probe.pushedIds()).toEqual([`shoppingItems/${id}`]);

    const other = await track(openDevice(server, await signIn(server, user)));
    await other.engine.sync();
    expect((await visible(other, "shoppingItems")).map((i) => i.name)).toEqual(["Candles"]);
  });

  test("offline, it keeps the change and asks the browser to try again", async () => {
    const user = await signUp(server);
    const browser = new IDBFactory();
    const page = await track(openDevice(server, user.session, { indexedDB: browser }));
    await setActiveAccount({ userId: user.session.user.id }, { indexedDB: browser, IDBKeyRange });
    await page.repo.add("shoppingItems", { name: "Matches" });
    const probe = fetchProbe();
    probe.offline = true;
    const outcome = await syncActiveAccount({ indexedDB: browser, IDBKeyRange, fetch: probe.fetch });
    expect(outcome?.status).toBe("offline");
    expect(worthRetrying(outcome)).toBe(true);
    expect(await page.db.outbox.count()).toBe(1);
  });

  test("does nothing with no account signed in, or with automatic sync turned off", async () => {
    const user = await signUp(server);
    const browser = new IDBFactory();
    const page = await track(openDevice(server, user.session, { indexedDB: browser }));
    await page.repo.add("shoppingItems", { name: "Soap" });
    const probe = fetchProbe();
    const options = { indexedDB: browser, IDBKeyRange, baseUrl: server.baseUrl, fetch: probe.fetch };
    expect(await syncActiveAccount(options)).toBeNull();

    await setActiveAccount({ userId: user.session.user.id }, options);
    await saveSettings(page.db, { autoSync: false });
    expect(await syncActiveAccount(options)).toBeNull();
    expect(probe.requests).toEqual([]);
  });

  test("never runs at the same time as the page's own sync", async () => {
    const user = await signUp(server);
    const browser = new IDBFactory();
    const probe = fetchProbe();
    const auth = { token: user.session.token ?? null };
    const page = await track(openDevice(server, user.session, { indexedDB: browser, fetch: probe.fetch }));
    await setActiveAccount({ userId: user.session.user.id }, { indexedDB: browser, IDBKeyRange });
    for (const name of ["Rice", "Beans", "Salt"]) await page.repo.add("shoppingItems", { name });
    const [fromPage, fromWorker] = await Promise.all([
      page.engine.sync(),
      syncActiveAccount({ indexedDB: browser, IDBKeyRange, baseUrl: server.baseUrl, auth, fetch: probe.fetch }),
    ]);
    expect(probe.maxInFlight).toBe(1);
    expect(fromPage.pushed + (fromWorker?.pushed ?? 0)).toBe(3);
    expect(probe.pushedIds()).toHaveLength(3);
  });
});

describe("a local write handed to the service worker", () => {
  test("is pushed by the worker, not the page, and the page's indicator follows the worker's sync", async () => {
    const user = await signUp(server);
    const browser = new IDBFactory();
    const auth = { token: user.session.token ?? null };
    const [pageProbe, workerProbe] = [fetchProbe(), fetchProbe()];
    const workerSyncs: Promise<unknown>[] = [];
    // The browser accepts each request and runs the worker's sync at once, as Chromium does online.
    const handOff = () => {
      const options = { indexedDB: browser, IDBKeyRange, baseUrl: server.baseUrl, auth, fetch: workerProbe.fetch };
      workerSyncs.push(syncActiveAccount(options));
      return Promise.resolve(true);
    };
    const page = await track(openDevice(server, user.session, { indexedDB: browser, fetch: pageProbe.fetch, handOff }));
    await setActiveAccount({ userId: user.session.user.id }, { indexedDB: browser, IDBKeyRange });
    page.engine.start({ debounceMs: 10, handOffGraceMs: 60_000 });
    await vi.waitFor(() => expect(page.engine.state.lastSyncAt).not.toBeNull());
    const [startedWith, lastSyncAt] = [pageProbe.requests.length, page.engine.state.lastSyncAt];

    const id = await page.repo.add("shoppingItems", { name: "Tea" });
    await vi.waitFor(() => expect(workerSyncs).toHaveLength(1));
    expect(await workerSyncs[0]).toMatchObject({ status: "synced", pushed: 1 });
    expect(workerProbe.pushedIds()).toEqual([`shoppingItems/${id}`]);
    await vi.waitFor(() => expect(page.engine.state).toMatchObject({ pending: 0, status: "idle" }));
    await vi.waitFor(() => expect(page.engine.state.lastSyncAt).not.toBe(lastSyncAt));
    expect(pageProbe.requests.slice(startedWith)).toEqual([]);

    const other = await track(openDevice(server, await signIn(server, user)));
    await other.engine.sync();
    expect((await visible(other, "shoppingItems")).map((i) => i.name)).toEqual(["Tea"]);
  });
});

describe("the page asking for a background sync", () => {
  /**
   * A watch of the outbox started after the page's own: Dexie runs live queries in the order they
   * were subscribed, at the start and on each change, so once this witness has seen a state of the
   * outbox, the page's watch has seen it too.
   */
  function witness(db: DomusDb) {
    const seen: { answered: boolean; lastRowId?: string } = { answered: false };
    const subscription = liveQuery(() => db.outbox.orderBy("changedAt").last()).subscribe((entry) => {
      seen.answered = true;
      seen.lastRowId = entry?.rowId;
    });
    return {
      /** Waits for the witness's first answer, or for the latest outbox entry to be `rowId`'s. */
      sees: (rowId?: string) =>
        vi.waitFor(() => {
          expect(seen.answered).toBe(true);
          if (rowId) expect(seen.lastRowId).toBe(rowId);
        }),
      stop: () => subscription.unsubscribe(),
    };
  }

  function fakePage() {
    const document = Object.assign(new EventTarget(), { visibilityState: "visible" });
    const tags: string[] = [];
    // `asked` counts requests as they are made (synchronously); `tags` as the browser records them.
    const page = { asked: 0 };
    const syncManager = () => {
      page.asked++;
      return Promise.resolve({ register: (tag: string) => Promise.resolve(void tags.push(tag)) });
    };
    const hide = () => {
      document.visibilityState = "hidden";
      document.dispatchEvent(new Event("visibilitychange"));
    };
    return {
      document,
      tags,
      syncManager,
      hide,
      get asked() {
        return page.asked;
      },
    };
  }

  test("asks when the page is hidden with changes waiting, and not for each local write", async () => {
    const user = await signUp(server);
    const page = await track(openDevice(server, user.session));
    const browser = fakePage();
    let pending = false;
    const stop = requestBackgroundSyncs({ ...browser, db: page.db, hasPending: () => pending, enabled: () => true });
    const watch = witness(page.db);
    await watch.sees();
    browser.hide();
    expect(browser.asked).toBe(0);

    // The engine hands each local write off itself (`handOff`); this asks only for what it cannot.
    const id = await page.repo.add("tasks", { title: "Water the plants" });
    await watch.sees(id);
    expect(browser.asked).toBe(0);
    pending = true;
    browser.hide();
    await vi.waitFor(() => expect(browser.tags).toEqual([BACKGROUND_SYNC_TAG]));
    stop();
    browser.hide();
    expect(browser.asked).toBe(1);
  });

  test("a request says whether the browser took it", async () => {
    const taken = await requestBackgroundSync(() => Promise.resolve({ register: () => Promise.resolve() }));
    const none = await requestBackgroundSync(() => Promise.resolve(null));
    const refused = await requestBackgroundSync(() =>
      Promise.resolve({ register: () => Promise.reject(new DOMException("No active worker", "InvalidStateError")) }),
    );
    expect([taken, none, refused]).toEqual([true, false, false]);
  });

  test("asks at once for changes left from an earlier visit, but never with automatic sync off", async () => {
    const user = await signUp(server);
    const page = await track(openDevice(server, user.session));
    await page.repo.add("tasks", { title: "Written offline last time" });
    const off = fakePage();
    const stopOff = requestBackgroundSyncs({ ...off, db: page.db, hasPending: () => true, enabled: () => false });
    await page.repo.add("tasks", { title: "Another" });
    off.hide();
    const on = fakePage();
    const stopOn = requestBackgroundSyncs({ ...on, db: page.db, hasPending: () => true, enabled: () => true });
    await vi.waitFor(() => expect(on.tags).toEqual([BACKGROUND_SYNC_TAG]));
    expect(off.tags).toEqual([]);
    stopOff();
    stopOn();
  });
});
