// The Worker entry: OpenNext's Next.js handler for every request, plus the cron trigger, plus the
// household hub (a Durable Object) and its live channel, which is routed here before OpenNext.
// Built by `npm run build:worker` first (.open-next/worker.js is generated).
// @ts-expect-error generated at build time
import openNext from "./.open-next/worker.js";
import { runScheduled } from "./src/server/maintenance/scheduled";
import { handleLive, isLiveRequest } from "./src/server/live/live-route";
import type { Env } from "./src/server/config";

export { HouseholdHub } from "./src/server/live/household-hub";

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext) {
    if (isLiveRequest(req)) return handleLive(req, env);
    return openNext.fetch(req, env, ctx);
  },
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(runScheduled(env));
  },
} satisfies ExportedHandler<Env>;
