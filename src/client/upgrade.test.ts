import { describe, expect, test } from "vitest";
import { SCHEMA_VERSION } from "../core/schema-version";
import { type Device, fetchProbe, openDevice, signIn, signUp, useTestServer, visible } from "../../test/client-server";

// Versioned clients: a build older than the server's schema is told to upgrade (never served rows it
// would drop), keeps every local change, and converges once reloaded with the new build.

const { server, track } = useTestServer();
const names = async (d: Device) => (await visible(d, "shoppingItems")).map((r) => r.name).toSorted();

describe("an old build after a deploy", () => {
  test("is told to upgrade, loses nothing, and converges with the new build once reloaded", async () => {
    const user = await signUp(server);
    const probe = fetchProbe();
    const fresh = await track(openDevice(server, user.session));
    const oldSession = await signIn(server, user);
    const old = await track(openDevice(server, oldSession, { fetch: probe.fetch, schemaVersion: SCHEMA_VERSION - 1 }));
    await old.repo.add("shoppingItems", { name: "Rice" });
    await old.repo.add("shoppingItems", { name: "Lentils" });

    const outcome = await old.engine.sync();
    expect(outcome.status).toBe("upgrade-required");
    expect(old.engine.state).toMatchObject({ status: "upgrade-required", pending: 2 });
    expect(old.engine.state.error).toMatch(/reload/);
    // It stops calling the server until reloaded, and still works locally.
    const calls = probe.requests.length;
    expect((await old.engine.sync()).status).toBe("upgrade-required");
    expect(probe.requests.length).toBe(calls);
    await old.repo.add("shoppingItems", { name: "Beans" });
    expect(await names(old)).toEqual(["Beans", "Lentils", "Rice"]);

    await fresh.repo.add("shoppingItems", { name: "Salt" });
    await fresh.engine.sync();

    // The reload: the same browser database, the new build.
    old.close();
    const reloaded = await track(openDevice(server, oldSession, { indexedDB: old.indexedDB }));
    expect((await reloaded.engine.sync()).status).toBe("synced");
    expect(reloaded.engine.state.pending).toBe(0);
    await fresh.engine.sync();
    expect(await names(reloaded)).toEqual(["Beans", "Lentils", "Rice", "Salt"]);
    expect(await names(fresh)).toEqual(await names(reloaded));
  });
});
