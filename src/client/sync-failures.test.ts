import { describe, expect, test } from "vitest";
import { fetchProbe, openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";
import { createApi } from "./api";
import { untrackedTransaction } from "./change-tracking";
import { getMeta, setMeta } from "./meta";

const { server, track } = useTestServer();

describe("when the network or the session fails", () => {
  test("offline: changes stay on the device and a later sync sends them exactly once", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const b = await track(openDevice(server, await signIn(server, user)));
    probe.offline = true;
    const id = await a.repo.add("shoppingItems", { name: "Batteries" });
    const outcome = await a.engine.sync();
    expect(outcome.status).toBe("offline");
    expect(a.engine.state).toMatchObject({ status: "offline", pending: 1 });
    expect(a.engine.state.error).toMatch(/could not be reached/);
    expect((await a.db.shoppingItems.get(id))?.name).toBe("Batteries");

    probe.offline = false;
    expect((await a.engine.sync()).status).toBe("synced");
    expect((await a.engine.sync()).status).toBe("synced");
    expect(probe.pushedIds()).toEqual([`shoppingItems/${id}`]);
    expect(a.engine.state).toMatchObject({ status: "idle", pending: 0, error: null });
    await b.engine.sync();
    expect((await visible(b, "shoppingItems")).map((i) => i.name)).toEqual(["Batteries"]);
  });

  test("a session that ends mid-sync: status unauthorized and every unsent change kept", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch, pushChunkSize: 1 }));
    for (const name of ["Soap", "Sponges", "Bin bags"]) await a.repo.add("shoppingItems", { name });
    // After the first chunk is stored, the session is revoked (signed out elsewhere / expired).
    probe.afterResponse = async (req) => {
      if (!req.path.endsWith("/sync/push")) return;
      probe.afterResponse = null;
      await createApi({ baseUrl: server.baseUrl, auth: a.auth }).logout();
    };
    const outcome = await a.engine.sync();
    expect(outcome).toMatchObject({ status: "unauthorized", pushed: 1 });
    expect(a.engine.state).toMatchObject({ status: "unauthorized", pending: 2 });
    expect((await visible(a, "shoppingItems")).map((i) => i.name).sort()).toEqual(["Bin bags", "Soap", "Sponges"]);

    a.auth.token = (await signIn(server, user)).token ?? null;
    expect((await a.engine.sync()).status).toBe("synced");
    const b = await track(openDevice(server, await signIn(server, user)));
    await b.engine.sync();
    expect((await visible(b, "shoppingItems")).map((i) => i.name).sort()).toEqual(["Bin bags", "Soap", "Sponges"]);
  });

  test("a push stored by the server whose answer never arrived is replayed without duplicates", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const b = await track(openDevice(server, await signIn(server, user)));
    const id = await a.repo.add("tasks", { title: "Descale kettle" });
    await a.repo.update("tasks", id, { notes: "vinegar" });
    probe.afterResponse = (req) => {
      if (req.path.endsWith("/sync/push")) throw new TypeError("connection reset");
    };
    expect((await a.engine.sync()).status).toBe("offline");
    expect(a.engine.state.pending).toBe(1);
    a.close(); // the tab crashes before anything else happens

    expect((await b.engine.sync()).pulled).toBe(1);
    probe.afterResponse = null;
    const reopened = await track(openDevice(server, user.session, { fetch: probe.fetch, indexedDB: a.indexedDB }));
    expect((await reopened.engine.sync()).status).toBe("synced");
    expect(probe.pushedIds()).toEqual([`tasks/${id}`, `tasks/${id}`]);
    // The replay changed nothing on the server, so there is nothing new to pull.
    expect((await b.engine.sync()).pulled).toBe(0);
    expect((await visible(b, "tasks")).map((t) => [t.id, t.title, t.notes])).toEqual([
      [id, "Descale kettle", "vinegar"],
    ]);
    expect(await reopened.db.tasks.count()).toBe(1);
    expect(reopened.engine.state.pending).toBe(0);
  });

  test("an edit made while its row is being pushed stays pending and is sent next time", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const id = await a.repo.add("shoppingItems", { name: "Flour" });
    probe.afterResponse = async (req) => {
      if (!req.path.endsWith("/sync/push")) return;
      probe.afterResponse = null;
      await a.repo.update("shoppingItems", id, { name: "Rye flour" });
    };
    await a.engine.sync();
    expect(a.engine.state.pending).toBe(1);
    expect((await a.db.shoppingItems.get(id))?.name).toBe("Rye flour");
    await a.engine.sync();
    const b = await track(openDevice(server, await signIn(server, user)));
    await b.engine.sync();
    expect((await visible(b, "shoppingItems")).map((i) => i.name)).toEqual(["Rye flour"]);
  });

  test("a row the server rejects is kept, shown as rejected and not retried until edited", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const a = await track(openDevice(server, user.session, { fetch: probe.fetch }));
    const id = await a.repo.add("tasks", { title: "Fine" });
    const good = await a.repo.add("tasks", { title: "Also fine" });
    // An older app version wrote a title the server refuses, bypassing today's validation.
    await a.db.transaction("rw", a.db.tasks, a.db.outbox, async () => {
      await a.db.tasks.update(id, { title: "" });
      await a.db.outbox.update(`tasks/${id}`, { "fields.title": { value: "", ts: new Date().toISOString() } });
    });
    const outcome = await a.engine.sync();
    expect(outcome).toMatchObject({ status: "synced", rejected: 1, pushed: 1 });
    expect(a.engine.state).toMatchObject({ pending: 0, rejected: 1 });
    const entry = await a.db.outbox.get(`tasks/${id}`);
    expect(entry?.status).toBe("rejected");
    expect(entry?.reason).toMatch(/title/);
    expect((await a.db.tasks.get(id))?.title).toBe("");

    await a.engine.sync();
    expect(probe.pushedIds()).toEqual([`tasks/${id}`, `tasks/${good}`]);

    await a.repo.update("tasks", id, { title: "Fixed" });
    expect((await a.engine.sync()).rejected).toBe(0);
    expect(a.engine.state).toMatchObject({ pending: 0, rejected: 0 });
    const b = await track(openDevice(server, await signIn(server, user)));
    await b.engine.sync();
    expect((await visible(b, "tasks")).map((t) => t.title).sort()).toEqual(["Also fine", "Fixed"]);
  });

  test("a cursor the server can no longer serve leads to a full download that drops what it lacks", async () => {
    const user = await signUp(server);
    const a = await track(openDevice(server, user.session));
    const kept = await a.repo.add("shoppingItems", { name: "Salt" });
    await a.engine.sync();
    // A row an earlier pull wrote that the server has purged since, and a cursor it no longer knows.
    const purged = { ...(await a.db.shoppingItems.get(kept))!, id: "purged-row", name: "Ghost" };
    await untrackedTransaction(a.db, [a.db.shoppingItems], () => a.db.shoppingItems.put(purged));
    await setMeta(a.db, "cursor", "v1.999999");
    const fresh = await a.repo.add("shoppingItems", { name: "Pepper" });

    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 1 });
    expect((await visible(a, "shoppingItems")).map((i) => i.id).sort()).toEqual([kept, fresh].sort());
    expect(await getMeta(a.db, "resync")).toBe(false);
    expect(await getMeta(a.db, "cursor")).not.toBe("v1.999999");
    expect((await a.engine.sync()).status).toBe("synced");
  });

  test("a device with no account stays local-only and makes no request", async () => {
    const probe = fetchProbe();
    const local = await track(openDevice(server, null, { fetch: probe.fetch }));
    await local.repo.add("notes", { title: "Only here" });
    expect((await local.engine.sync()).status).toBe("local-only");
    expect(local.engine.state.status).toBe("local-only");
    expect(probe.requests).toEqual([]);
  });
});

describe("when the server asks to slow down", () => {
  // Fixed windows: an hour's, so the three calls below never straddle a window's start (a minute's
  // did when a run crossed one, and the third call was allowed).
  const { server: limited } = useTestServer({ RATE_LIMIT_SYNC_PER_USER: "2/1h" });

  test("a rate-limited sync reports the server's Retry-After and keeps the changes", async () => {
    const user = await signUp(limited);
    const a = await track(openDevice(limited, user.session));
    expect((await a.engine.sync()).status).toBe("synced"); // push has nothing to send: one pull
    await a.repo.add("tasks", { title: "Sweep the yard" });
    const outcome = await a.engine.sync(); // push allowed, pull refused
    expect(outcome).toMatchObject({ status: "error", pushed: 1 });
    expect(outcome.retryAfterMs).toBeGreaterThan(0);
    expect(a.engine.state.status).toBe("error");
    expect(a.engine.state.error).not.toBeNull();
    await a.repo.add("tasks", { title: "Oil the gate" });
    expect((await a.engine.sync()).status).toBe("error");
    expect(a.engine.state.pending).toBe(1);
  });
});
