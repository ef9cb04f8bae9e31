// A local Web Push service for the workerd tests (vitest.config.ts, the workers project's globalSetup):
// the npm package web-push-testing, which checks each message's VAPID signature (RFC 8292) against the
// key the subscription was made with and decrypts its payload (RFC 8291), bound to 127.0.0.1 on a free
// port for this run and closed with it. The Worker reaches it through test/push-service-outbound.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

/** The variable that tells the outbound handler (same process) where the service listens. */
export const PUSH_PORT_VARIABLE = "DOMUS_TEST_PUSH_SERVICE_PORT";

const require = createRequire(import.meta.url);

export default async function startPushService(): Promise<() => Promise<void>> {
  const PushApiModel = (
    require("web-push-testing/src/PushApiModel.js") as { PushApiModel: new () => { notifyUrl: string } }
  ).PushApiModel;
  const WebPushTestingServer = require("web-push-testing/src/server.js") as new (
    model: unknown,
    port: number,
  ) => { _app: Parameters<typeof createServer>[1]; setRequestHandlers(): void };
  const model = new PushApiModel();
  // Its own start would listen on every interface and exit the process on errors: only its routes are used.
  const service = new WebPushTestingServer(model, 0);
  service.setRequestHandlers();
  const server = createServer(service._app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  process.env[PUSH_PORT_VARIABLE] = String(port);
  // Endpoints it hands out name the host the Worker's requests are routed by (see the outbound handler).
  model.notifyUrl = `https://push.test/notify/`;
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
