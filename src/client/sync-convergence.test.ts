import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type Device,
  type TestServer,
  openDevice,
  signIn,
  signUp,
  startTestServer,
  visible,
} from "../../test/client-server";

let server: TestServer;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const d of devices) d.close();
  await server?.stop();
});

/** One user with two devices (two browsers, two sessions). */
async function twoDevices(): Promise<[Device, Device]> {
  const user = await signUp(server);
  const a = await openDevice(server, user.session);
  const b = await openDevice(server, await signIn(server, user));
  devices.push(a, b);
  return [a, b];
}

describe("two devices of one user", () => {
  test("an item added on one device shows up on the other after both sync", async () => {
    const [a, b] = await twoDevices();
    const id = await a.repo.add("shoppingItems", { name: "Oat milk", quantity: 2 });
    expect((await a.engine.sync()).status).toBe("synced");
    expect((await b.engine.sync()).status).toBe("synced");
    const items = await visible(b, "shoppingItems");
    expect(items.map((i) => [i.id, i.name, i.quantity])).toEqual([[id, "Oat milk", 2]]);
    expect(a.engine.state.pending).toBe(0);
  });
});
