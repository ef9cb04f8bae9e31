import { describe, expect, test } from "vitest";
import { PROTOCOL_VERSION, SCHEMA_VERSION } from "../../core/schema-version";
import { call, errorOf, registerAccount } from "../../../test/server-helpers";
import { at, fetchRow, shoppingItem } from "../../../test/sync-test-kit";

describe("versioned requests", () => {
  test("a client with an older schema is told to upgrade, and its push changes nothing", async () => {
    const a = await registerAccount();
    const old = { clientId: "old", seq: 1, protocol: 2, schema: SCHEMA_VERSION - 1 };
    for (const [path, body] of [
      ["/api/sync/push", { ...old, changes: { shoppingItems: [shoppingItem("tea", at(0))] } }],
      ["/api/sync/pull", { cursor: null, protocol: 2, schema: SCHEMA_VERSION - 1 }],
      ["/api/sync/full", { ...old, changes: { shoppingItems: [shoppingItem("tea", at(0))] }, cursor: null }],
    ] as const) {
      const res = await call(path, { token: a.token, body });
      expect(res.status, path).toBe(409);
      const error = await errorOf(res);
      expect(error.code).toBe("upgrade_required");
      expect(error.details).toEqual({ schemaVersion: SCHEMA_VERSION });
    }
    expect(await fetchRow(a, "shoppingItems", "tea")).toBeUndefined();
  });

  test("the current schema, and a v1 request without versions, are served", async () => {
    const a = await registerAccount();
    const current = await call("/api/sync/push", {
      token: a.token,
      body: {
        clientId: "d",
        seq: 1,
        protocol: 2,
        schema: SCHEMA_VERSION,
        changes: { shoppingItems: [shoppingItem("a", at(0))] },
      },
    });
    expect(current.status).toBe(200);
    const v1 = await call("/api/sync/push", {
      token: a.token,
      // A v1 client sends no versions at all.
      body: {
        clientId: "d1",
        protocol: undefined,
        schema: undefined,
        changes: { shoppingItems: [shoppingItem("b", at(0))] },
      },
    });
    expect(v1.status).toBe((SCHEMA_VERSION as number) === 1 ? 200 : 409);
  });

  test("a client newer than the server (a deploy rolling out) is asked to retry shortly, and nothing changes", async () => {
    const a = await registerAccount();
    // A newer build may push a table this server does not know yet: it must not get a 400 for it.
    const changes = { shoppingItems: [shoppingItem("tea", at(0))], tableOfTheNextVersion: [{ id: "x" }] };
    for (const versions of [
      { protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION + 1 },
      { protocol: PROTOCOL_VERSION + 1, schema: SCHEMA_VERSION },
    ]) {
      for (const [path, body] of [
        ["/api/sync/push", { clientId: "new", seq: 1, ...versions, changes }],
        ["/api/sync/pull", { cursor: null, ...versions }],
        ["/api/sync/full", { clientId: "new", seq: 1, ...versions, changes, cursor: null }],
      ] as const) {
        const res = await call(path, { token: a.token, body });
        expect(res.status, path).toBe(409);
        expect(res.headers.get("retry-after"), path).toBe("30");
        const error = await errorOf(res);
        expect(error.code).toBe("server_behind");
        expect(error.details).toEqual({ protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION });
      }
    }
    expect(await fetchRow(a, "shoppingItems", "tea")).toBeUndefined();
  });
});
