import { describe, expect, test } from "vitest";
import { type Device, openDevice, runCron, signIn, signUp, useTestServer, visible } from "../../test/client-server";

// Deletes that outlive collection, end to end: a real server (workerd, local D1) purging tombstones
// after a short retention, devices on fake-indexeddb.

const { server, track } = useTestServer({ TOMBSTONE_RETENTION: "1d" });
const DAY = 86_400_000;

/** A device's rows as the server's state would show them: everything but local bookkeeping. */
async function rowsOf(device: Device) {
  const rows = await device.db.shoppingItems.toArray();
  // syncedAt is when the server last changed the row as this device learned it: bookkeeping.
  return rows.map((r) => ({ ...r, syncedAt: null })).sort((x, y) => x.id.localeCompare(y.id));
}

describe("a purge while a device is away", () => {
  test("the old device is told to resync, keeps no deleted row alive and ends exactly at the server's state", async () => {
    const user = await signUp(server);
    const a = await track(openDevice(server, user.session));
    const old = await track(openDevice(server, await signIn(server, user)));
    const keep = await a.repo.add("shoppingItems", { name: "Bread" });
    const gone = await a.repo.add("shoppingItems", { name: "Candles" });
    await a.engine.sync();
    await old.engine.sync();

    // The old device goes quiet and edits the item offline; meanwhile A deletes it, and the
    // tombstone is collected two days later.
    await old.repo.update("shoppingItems", gone, { quantity: 6 });
    await a.repo.remove("shoppingItems", gone);
    await a.engine.sync();
    await runCron(server, Date.now() + 2 * DAY);
    await a.repo.update("shoppingItems", keep, { quantity: 2 });
    await a.engine.sync();

    const outcome = await old.engine.sync();
    expect(outcome.status).toBe("synced");
    expect((await visible(old, "shoppingItems")).map((r) => r.name)).toEqual(["Bread"]);
    expect(old.engine.state.pending).toBe(0);

    // A new device downloading everything sees the same, and every device holds exactly the same rows.
    const fresh = await track(openDevice(server, await signIn(server, user)));
    await fresh.engine.sync();
    await a.engine.sync();
    expect(await rowsOf(old)).toEqual(await rowsOf(fresh));
    expect((await visible(a, "shoppingItems")).map((r) => r.name)).toEqual(["Bread"]);
    expect((await visible(fresh, "shoppingItems"))[0]).toMatchObject({ id: keep, quantity: 2 });
  });

  test("an old device's restore of a purged row does not bring it back", async () => {
    const user = await signUp(server);
    const a = await track(openDevice(server, user.session));
    const old = await track(openDevice(server, await signIn(server, user)));
    const id = await a.repo.add("shoppingItems", { name: "Tinsel" });
    await a.engine.sync();
    await old.engine.sync();
    await old.repo.remove("shoppingItems", id);
    await old.engine.sync();
    await runCron(server, Date.now() + 2 * DAY);
    // A never pulled the delete; it edits the row, and even "restores" it explicitly.
    await a.repo.update("shoppingItems", id, { name: "Tinsel (gold)" });
    await a.repo.restore("shoppingItems", id);
    expect((await a.engine.sync()).status).toBe("synced");
    expect(await visible(a, "shoppingItems")).toEqual([]);
    const fresh = await track(openDevice(server, await signIn(server, user)));
    await fresh.engine.sync();
    expect(await visible(fresh, "shoppingItems")).toEqual([]);
  });
});
