import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type Device, openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { createApi } from "./api";
import { getMeta } from "./meta";

const { server, track } = useTestServer();

/** One user with two devices (two browsers, two sessions). */
async function twoDevices(): Promise<[Device, Device]> {
  const user = await signUp(server);
  const a = await openDevice(server, user.session);
  const b = await openDevice(server, await signIn(server, user));
  await track(a);
  await track(b);
  return [a, b];
}

async function syncAll(...list: Device[]): Promise<void> {
  for (const d of list) expect((await d.engine.sync()).status).toBe("synced");
}

// The devices' wall clock is a fake one that stands still (only Date: IndexedDB, HTTP and waits run on
// real timers), so which write is later is decided by `tick`, not by how fast the machine runs.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Makes sure the next stamp on any device is later than everything before (clocks tick in ms). */
const tick = () => vi.advanceTimersByTime(3);

describe("two devices of one user", () => {
  test("an item added on one device shows up on the other after both sync", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("shoppingItems", { name: "Oat milk", quantity: 2 });
    // The badge counts the write as waiting (its live count follows the commit), until the sync sends it.
    await vi.waitFor(() => expect(a.engine.state.pending).toBe(1));
    await syncAll(a, b);
    const items = await visible(b, "shoppingItems");
    expect(items.map((i) => [i.id, i.name, i.quantity])).toEqual([[id, "Oat milk", 2]]);
    expect(a.engine.state).toMatchObject({ status: "idle", pending: 0, conflicts: 0 });
    expect(a.engine.state.lastSyncAt).not.toBeNull();
    // The seed's "last sync timestamp per table".
    const times = await getMeta(a.db, "tableSync");
    expect(times.shoppingItems?.lastPushAt).toEqual(expect.stringMatching(/^\d{4}-/));
    expect(times.tasks?.lastPullAt).toEqual(expect.stringMatching(/^\d{4}-/));
    expect(times.tasks?.lastPushAt ?? null).toBeNull();
  });

  test("a device whose clock runs an hour slow still wins with an edit made after it synced", async () => {
    const user = await signUp(server);
    const slow = await openDevice(server, user.session, { now: () => Date.now() - 3_600_000 });
    const other = await openDevice(server, await signIn(server, user));
    await track(slow);
    await track(other);
    const id = await other.repo.add("notes", { title: "Bin day", body: "Tuesday" });
    await syncAll(other, slow);
    // The pulled row (and the server's time) moved the slow device's clock forward.
    await slow.repo.update("notes", id, { body: "Wednesday" });
    await syncAll(slow, other);
    for (const d of [slow, other]) expect((await d.db.notes.get(id))?.body).toBe("Wednesday");
    expect(slow.engine.state.conflicts).toBe(0);
  });

  test("concurrent edits to different fields of one item both survive", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("shoppingItems", { name: "Apples" });
    await syncAll(a, b);
    await a.repo.update("shoppingItems", id, { quantity: 6 });
    await b.repo.update("shoppingItems", id, { checked: true, unit: "pcs" });
    await syncAll(a, b, a);
    for (const d of [a, b]) {
      expect(await d.db.shoppingItems.get(id)).toMatchObject({
        name: "Apples",
        quantity: 6,
        checked: true,
        unit: "pcs",
      });
      expect(d.engine.state.conflicts).toBe(0);
    }
  });

  test("the same field edited on both: the later write wins, the loser keeps its value in conflicts", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("tasks", { title: "Clean kitchen" });
    await syncAll(a, b);
    await a.repo.update("tasks", id, { title: "Clean kitchen (A)" });
    tick();
    await b.repo.update("tasks", id, { title: "Clean kitchen and oven" });
    await syncAll(b);
    const outcome = await a.engine.sync();
    expect(outcome).toMatchObject({ status: "synced", conflicts: 1 });
    expect((await a.db.tasks.get(id))?.title).toBe("Clean kitchen and oven");
    const [conflict] = await a.db.conflicts.toArray();
    expect(conflict).toMatchObject({
      table: "tasks",
      rowId: id,
      field: "title",
      mine: { value: "Clean kitchen (A)", by: a.account?.userId },
      theirs: { value: "Clean kitchen and oven" },
      resolved: false,
    });
    expect(a.engine.state.conflicts).toBe(1);

    // "Restore mine": a new local write of the lost value, which then wins everywhere.
    await a.repo.resolveConflict(conflict!.id, "mine");
    await syncAll(a, b);
    for (const d of [a, b]) expect((await d.db.tasks.get(id))?.title).toBe("Clean kitchen (A)");
    expect(await a.db.conflicts.get(conflict!.id)).toMatchObject({ resolved: true, resolution: "mine" });
    expect(a.engine.state.conflicts).toBe(0);
  });

  test("a push that partly loses still records the field it lost", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("shoppingItems", { name: "Rice" });
    await syncAll(a, b);
    await a.repo.update("shoppingItems", id, { name: "Basmati rice" });
    tick();
    await b.repo.update("shoppingItems", id, { name: "Brown rice" });
    tick();
    await a.repo.update("shoppingItems", id, { quantity: 3 });
    await syncAll(b);
    // A's row is applied (quantity wins) while its name loses: still a conflict for A.
    const outcome = await a.engine.sync();
    expect(outcome.conflicts).toBe(1);
    expect(await a.db.shoppingItems.get(id)).toMatchObject({ name: "Brown rice", quantity: 3 });
    expect((await a.db.conflicts.toArray()).map((c) => [c.field, c.mine.value])).toEqual([["name", "Basmati rice"]]);
  });

  test("dismissing a conflict keeps their value", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("notes", { title: "Alarm code" });
    await syncAll(a, b);
    await a.repo.update("notes", id, { body: "1234" });
    tick();
    await b.repo.update("notes", id, { body: "4321" });
    await syncAll(b, a);
    const [conflict] = await a.db.conflicts.toArray();
    await a.repo.resolveConflict(conflict!.id, "theirs");
    await syncAll(a, b);
    for (const d of [a, b]) expect((await d.db.notes.get(id))?.body).toBe("4321");
    expect(a.engine.state.pending).toBe(0);
  });

  test("a delete reaches the other device and its undo brings the item back there", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("shoppingItems", { name: "Coffee" });
    await syncAll(a, b);
    await a.repo.remove("shoppingItems", id);
    await syncAll(a, b);
    expect(await visible(b, "shoppingItems")).toEqual([]);
    await a.repo.restore("shoppingItems", id);
    await syncAll(a, b);
    expect((await visible(b, "shoppingItems")).map((i) => i.name)).toEqual(["Coffee"]);
  });

  test("an older edit from another device does not resurrect a deleted item", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("tasks", { title: "Call plumber" });
    await syncAll(a, b);
    await b.repo.update("tasks", id, { title: "Call plumber today" });
    tick();
    await a.repo.remove("tasks", id);
    await syncAll(a, b, a);
    for (const d of [a, b]) expect(await visible(d, "tasks")).toEqual([]);
    expect((await a.db.tasks.get(id))?.title).toBe("Call plumber today");
  });
});

describe("a household", () => {
  test("members share the lists but never each other's preferences", async () => {
    const owner = await signUp(server, { name: "Alex" });
    const invite = await createApi({
      baseUrl: server.baseUrl,
      auth: { token: owner.session.token ?? null },
    }).createInvite();
    const member = await signUp(server, { name: "Sam", inviteCode: invite.code });
    const a = await openDevice(server, owner.session);
    const b = await openDevice(server, member.session);
    await track(a);
    await track(b);
    await a.repo.add("tasks", { title: "Hoover stairs", assigneeId: member.session.user.id });
    await a.repo.setPreference("theme", "dark");
    await b.repo.setPreference("theme", "light");
    await syncAll(a, b, a);
    expect((await visible(b, "tasks")).map((t) => t.title)).toEqual(["Hoover stairs"]);
    expect((await b.db.preferences.toArray()).map((p) => p.value)).toEqual(["light"]);
    expect((await a.db.preferences.toArray()).map((p) => p.value)).toEqual(["dark"]);
  });
});
