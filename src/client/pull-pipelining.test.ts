import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Device, type TestServer, openDevice, signIn, signUp, startTestServer } from "../../test/client-server";

let server: TestServer;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const d of devices) d.close();
  await server?.stop();
});

describe("a new device's download", () => {
  test("asks for the next page while the current one is written to IndexedDB", async () => {
    const user = await signUp(server);
    const a = await openDevice(server, user.session);
    devices.push(a);
    for (let i = 0; i < 250; i++) await a.repo.add("shoppingItems", { name: `Item ${i}` });
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 250 });

    // How many rows the new device had applied when each pull request left it.
    let applied = 0;
    const appliedAtRequest: number[] = [];
    const probe: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith("/sync/pull")) appliedAtRequest.push(applied);
      return fetch(input, init);
    };
    const b = await openDevice(server, await signIn(server, user), { fetch: probe, pullLimit: 100 });
    devices.push(b);
    b.engine.subscribe((s) => {
      if (s.progress?.phase === "pull") applied = s.progress.received;
    });
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pulled: 250 });
    // Pages of 100, 100 and 50: page 2 was asked for before page 1 was applied, page 3 before page 2.
    expect(appliedAtRequest).toEqual([0, 0, 100]);
    expect(await b.db.shoppingItems.count()).toBe(250);
  }, 120_000);

  test("a row written on the new device during its download is merged, not overwritten, when the server's copy arrives", async () => {
    const user = await signUp(server);
    const a = await openDevice(server, user.session);
    devices.push(a);
    for (let i = 0; i < 250; i++) await a.repo.add("shoppingItems", { name: `Item ${i}`, unit: "kg" });
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 250 });
    const late = (await a.db.shoppingItems.toArray()).find((r) => r.name === "Item 240");
    expect(late).toBeDefined();

    // Pages of 100: when the second page is asked for, the person adds a row with the id of one the
    // third page brings (ids derived from names, as categories' are, can meet like this).
    const opened: { b?: Device } = {};
    let requests = 0;
    const probe: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith("/sync/pull") && ++requests === 2) {
        await opened.b?.repo.add("shoppingItems", { name: "Mine", quantity: 3 }, late!.id);
      }
      return fetch(input, init);
    };
    const b = await openDevice(server, await signIn(server, user), { fetch: probe, pullLimit: 100 });
    opened.b = b;
    devices.push(b);
    expect(await b.engine.sync()).toMatchObject({ status: "synced" });
    expect(requests).toBeGreaterThanOrEqual(3);
    // The newer local values win field by field, and nothing is lost on the next sync either.
    expect(await b.db.shoppingItems.get(late!.id)).toMatchObject({ name: "Mine", quantity: 3 });
    expect(await b.db.shoppingItems.count()).toBe(250);
    expect(await b.engine.sync()).toMatchObject({ status: "synced" });
    expect(await a.engine.sync()).toMatchObject({ status: "synced" });
    expect(await a.db.shoppingItems.get(late!.id)).toMatchObject({ name: "Mine", quantity: 3 });
  }, 120_000);

  test("asks for the next page as soon as a page's headers arrive, before its body is read", async () => {
    const user = await signUp(server);
    const a = await openDevice(server, user.session);
    devices.push(a);
    for (let i = 0; i < 150; i++) await a.repo.add("shoppingItems", { name: `Item ${i}` });
    expect(await a.engine.sync()).toMatchObject({ status: "synced", pushed: 150 });

    // The first page's body is held back until the second request leaves (or 10 s pass: then the
    // order below shows the request waited for the body).
    const events: string[] = [];
    let secondAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (secondAsked = resolve));
    let pulls = 0;
    const probe: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith("/sync/pull")) return fetch(input, init);
      const n = ++pulls;
      events.push(`request ${n}`);
      if (n === 2) secondAsked();
      const res = await fetch(input, init);
      if (n !== 1) return res;
      const text = await res.text();
      const held = new ReadableStream<Uint8Array>({
        async start(controller) {
          await Promise.race([asked, new Promise((r) => setTimeout(r, 10_000))]);
          events.push("body 1");
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
      return new Response(held, { status: res.status, headers: res.headers });
    };
    const b = await openDevice(server, await signIn(server, user), { fetch: probe, pullLimit: 100 });
    devices.push(b);
    expect(await b.engine.sync()).toMatchObject({ status: "synced", pulled: 150 });
    expect(events.slice(0, 3)).toEqual(["request 1", "request 2", "body 1"]);
    expect(pulls).toBe(2);
    expect(await b.db.shoppingItems.count()).toBe(150);
  }, 120_000);
});
