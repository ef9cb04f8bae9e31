// The Worker entry: OpenNext's Next.js handler for every request, plus the cron trigger, plus the
// household hub (a Durable Object) and its live channel and the other sync calls, routed here before OpenNext.
// Built by `npm run build:worker` first (.open-next/worker.js is generated).
// Every response gets the security headers, pages their Content-Security-Policy with the hashes of
// their inline scripts (src/server/http/security-headers.ts); methods nothing serves are a 405 here.
// @ts-expect-error generated at build time
import openNext from "./.open-next/worker.js";
import { runScheduled } from "./src/server/maintenance/scheduled";
import { handleLive, isLiveRequest, isSyncRequest } from "./src/server/live/live-route";
import { handleApi } from "./src/server/api";
import type { Env } from "./src/server/config";
import { refuseUnknownMethod, withPageSecurityHeaders } from "./src/server/http/security-headers";

const next = openNext as ExportedHandler<Env>;

export { HouseholdHub } from "./src/server/live/household-hub";

export default {
  async fetch(req, env, ctx) {
    const refused = refuseUnknownMethod(req);
    if (refused) return refused;
    // The live channel's 101 answer carries its socket: it is handed back untouched.
    if (isLiveRequest(req)) return handleLive(req, env);
    // Sync calls skip Next.js (see isSyncRequest); work after the answer is kept alive the same way.
    if (isSyncRequest(req)) {
      return withPageSecurityHeaders(req, await handleApi(req, env, { waitUntil: (work) => ctx.waitUntil(work) }));
    }
    const res = await next.fetch!(req as Request<unknown, IncomingRequestCfProperties>, env, ctx);
    return withPageSecurityHeaders(req, res);
  },
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(runScheduled(env, Date.now(), controller.cron));
  },
} satisfies ExportedHandler<Env>;
