import { describe, expect, test } from "vitest";
import { fetchProbe, openDevice, signIn, signUp, useTestServer } from "../../test/client-server";
import { getMeta } from "./meta";

// Idempotent pushes end to end: a real server (workerd, local D1), devices on fake-indexeddb. A push
// whose answer is lost is resent as the same numbered request, so the server never merges it twice.

const { server, track } = useTestServer();
const HOUR = 3_600_000;

describe("a push whose answer was lost", () => {
  test("a fast clock's retry does not undo a newer acknowledged edit from another device", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const fast = () => Date.now() + 2 * HOUR;
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch, now: fast }));
    const b = await track(openDevice(server, await signIn(server, user)));
    const id = await b.repo.add("shoppingItems", { name: "Milk", quantity: 1 });
    await b.engine.sync();
    await a.engine.sync();

    await a.repo.update("shoppingItems", id, { quantity: 2 });
    // The server stores A's edit (clamped to its own time), and the answer never reaches A.
    probe.afterResponse = (r) => {
      if (r.path.endsWith("/sync/push")) throw new TypeError("connection reset");
    };
    expect((await a.engine.sync()).status).toBe("offline");
    probe.afterResponse = null;
    const unanswered = await getMeta(a.db, "inflightPush");
    expect(unanswered?.seq).toBe(1);

    // B sees A's edit, then changes the quantity again: acknowledged.
    await b.engine.sync();
    expect((await b.db.shoppingItems.get(id))?.quantity).toBe(2);
    await b.repo.update("shoppingItems", id, { quantity: 3 });
    expect((await b.engine.sync()).status).toBe("synced");

    // A retries: the same request, answered from the server's record.
    expect((await a.engine.sync()).status).toBe("synced");
    const pushes = probe.requests.filter((r) => r.path.endsWith("/sync/push"));
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.body).toEqual(pushes[0]?.body);
    expect(await getMeta(a.db, "inflightPush")).toBeNull();

    await b.engine.sync();
    expect((await a.db.shoppingItems.get(id))?.quantity).toBe(3);
    expect((await b.db.shoppingItems.get(id))?.quantity).toBe(3);
    expect(a.engine.state.pending).toBe(0);
  });

  test("a device reopened after a crash mid-push resends that push first, then its later changes", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const soap = await a.repo.add("shoppingItems", { name: "Soap" });
    probe.afterResponse = (r) => {
      if (r.path.endsWith("/sync/push")) throw new TypeError("tab closed");
    };
    await a.engine.sync();
    probe.afterResponse = null;
    a.close();
    const again = await track(openDevice(server, user.session, { fetch: probe.fetch, indexedDB: a.indexedDB }));
    await again.repo.update("shoppingItems", soap, { quantity: 4 });
    expect((await again.engine.sync()).status).toBe("synced");
    const seqs = probe.requests
      .filter((r) => r.path.endsWith("/sync/push"))
      .map((r) => (r.body as { seq: number }).seq);
    expect(seqs).toEqual([1, 1, 2]);
    const other = await track(openDevice(server, await signIn(server, user)));
    await other.engine.sync();
    expect(await other.db.shoppingItems.get(soap)).toMatchObject({ name: "Soap", quantity: 4 });
  });
});
