// The workerd tests' outbound fetch handler (vitest.config.ts `outboundService`): requests to the test
// push service's host (https://push.test, as real push services are https) are forwarded to it on
// 127.0.0.1 (test/push-service.ts), standing in for TLS; nothing else leaves the machine.
import { PUSH_PORT_VARIABLE } from "./push-service";

export const PUSH_SERVICE_ORIGIN = "https://push.test";

export async function pushServiceOutbound(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const port = process.env[PUSH_PORT_VARIABLE];
  if (url.origin !== PUSH_SERVICE_ORIGIN || !port) {
    return new Response(`The tests reach no host but the push service (asked for ${url.origin}).`, { status: 502 });
  }
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body,
  });
}
