import Dexie from "dexie";
import { describe, expect, test } from "vitest";
import { openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";

// A device's own change comes back in the pull that follows its push. Rewriting that row would change
// only its syncedAt, and every open list of its table (a live query) would read its 1,000 rows again
// and render: once per tick, at a moment unrelated to anything the user does.

const { server, track } = useTestServer();

/** Counts committed transactions that wrote to `table`, in any database of this process, until stopped. */
function tableWrites(table: string) {
  let count = 0;
  const listener = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((part) => part.endsWith(`/${table}/`))) count++;
  };
  Dexie.on("storagemutated", listener);
  return {
    stop() {
      Dexie.on("storagemutated").unsubscribe(listener);
      return count;
    },
  };
}

describe("a pulled row this device already has", () => {
  test("is not written again, while another device stores it", async () => {
    const user = await signUp(server);
    const a = await track(openDevice(server, user.session));
    const b = await track(openDevice(server, await signIn(server, user)));
    const id = await a.repo.add("shoppingItems", { name: "Oat milk" });
    await a.engine.sync();
    await b.engine.sync();

    await a.repo.update("shoppingItems", id, { quantity: 2 });
    const onA = tableWrites("shoppingItems");
    const outcome = await a.engine.sync();
    // The change went out and came back in the same sync; only the outbox and the cursor were written.
    expect(outcome).toMatchObject({ status: "synced", pushed: 1, pulled: 1 });
    expect(onA.stop()).toBe(0);
    expect((await visible(a, "shoppingItems"))[0]).toMatchObject({ id, quantity: 2 });
    expect(a.engine.state.pending).toBe(0);

    const onB = tableWrites("shoppingItems");
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pulled: 1 });
    expect(onB.stop()).toBe(1);
    expect((await visible(b, "shoppingItems"))[0]).toMatchObject({ id, quantity: 2 });
  });
});
