import { expect, test } from "vitest";
import { openDevice, signUp, useTestServer } from "../../test/client-server";

const { server, track } = useTestServer();

test("each sync call hands back the D1 bookmark of the previous answer, so a pull reads the push it follows", async () => {
  const seen: { path: string; sent: string | null; received: string | null }[] = [];
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const headers = new Headers(init?.headers);
    seen.push({
      path: new URL(String(input)).pathname,
      sent: headers.get("x-d1-bookmark"),
      received: res.headers.get("x-d1-bookmark"),
    });
    return res;
  };
  const { session } = await signUp(server);
  const device = await track(openDevice(server, session, { fetch: recording }));
  await device.repo.add("shoppingItems", { name: "Oat milk" });
  await device.engine.sync();
  const push = seen.find((s) => s.path === "/api/sync/push");
  const pullAfterPush = seen.slice(seen.indexOf(push!) + 1).find((s) => s.path === "/api/sync/pull");
  expect(push?.received).toMatch(/^[0-9a-f-]+$/);
  expect(pullAfterPush?.sent).toBe(push?.received);
});
