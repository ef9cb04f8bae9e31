import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, test, vi } from "vitest";
import { loadHlc } from "./clock";
import { openDomusDb } from "./db";
import { setMeta } from "./meta";
import { createRepository } from "./repository";
import { NOTIFY_AFTER_MS } from "./live-table";
import { createStatusStore } from "./sync-status";

async function setup() {
  const db = openDomusDb({
    name: `domus-status-${Math.random().toString(36).slice(2)}`,
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  const repo = createRepository(db, { hlc: await loadHlc(db), owner: () => ({ userId: "u1", householdId: "h1" }) });
  return { db, repo };
}

/** Lets IndexedDB's tasks (setImmediate, left real by the fake timers) run until `done` or 200 turns. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("the sync badge's counts", () => {
  test("a burst of local changes is counted once, a moment after it, and the badge shows them all", async () => {
    const { db, repo } = await setup();
    const status = createStatusStore(db);
    await until(() => status.state.status === "local-only"); // the first reads are done: no account here
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const shown: number[] = [];
      status.subscribe((state) => shown.push(state.pending));
      // Three writes, each its own transaction and outbox change, as a tick and the writes after it.
      for (const name of ["Apples", "Bread", "Cheese"]) await repo.add("shoppingItems", { name });
      await until(() => false);
      expect(shown).toEqual([]); // not read after each write

      vi.advanceTimersByTime(NOTIFY_AFTER_MS);
      await until(() => shown.length > 0);
      expect(shown).toEqual([3]);
      expect(status.state.pending).toBe(3);
    } finally {
      vi.useRealTimers();
      status.dispose();
    }
  });

  test("the clock every write stores is not a reason to read the last sync time again; the last sync time is", async () => {
    const { db, repo } = await setup();
    const status = createStatusStore(db);
    await until(() => status.state.status === "local-only");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      await repo.add("notes", { title: "A note" }); // stores the clock in meta, and changes the outbox
      await until(() => false);
      expect(vi.getTimerCount()).toBe(1); // the outbox's read, not the meta's

      vi.advanceTimersByTime(NOTIFY_AFTER_MS);
      await until(() => status.state.pending === 1);
      await setMeta(db, "lastSyncAt", "2026-12-01T10:00:00.000Z");
      await until(() => vi.getTimerCount() > 0);
      vi.advanceTimersByTime(NOTIFY_AFTER_MS);
      await until(() => status.state.lastSyncAt !== null);
      expect(status.state.lastSyncAt).toBe("2026-12-01T10:00:00.000Z");
    } finally {
      vi.useRealTimers();
      status.dispose();
    }
  });

  test("a sync another thread ended well clears this page's offline state; an older one does not", async () => {
    const { db } = await setup();
    const status = createStatusStore(db);
    await vi.waitFor(() => expect(status.state.status).toBe("local-only")); // the first reads are done
    await setMeta(db, "account", { userId: "u1", email: "a@b.c", name: "A", householdId: "h1", householdName: "H" });
    await vi.waitFor(() => expect(status.state.status).toBe("idle"));
    status.set({ status: "offline", error: "You are offline.", lastSyncAt: "2026-12-01T10:00:00.000Z" });

    await setMeta(db, "lastSyncAt", "2026-12-01T09:00:00.000Z"); // not newer than this page's own
    await vi.waitFor(() => expect(status.state.lastSyncAt).toBe("2026-12-01T09:00:00.000Z"));
    expect(status.state).toMatchObject({ status: "offline", error: "You are offline." });

    await setMeta(db, "lastSyncAt", "2026-12-01T10:00:05.000Z"); // the service worker's sync
    await vi.waitFor(() => expect(status.state).toMatchObject({ status: "idle", error: null }));
    expect(status.state.lastSyncAt).toBe("2026-12-01T10:00:05.000Z");
    status.dispose();
  });
});
