// The Worker entry: OpenNext's Next.js handler for every request, plus the cron trigger.
// Built by `npm run build:worker` first (.open-next/worker.js is generated).
// @ts-expect-error generated at build time
import openNext from "./.open-next/worker.js";
import { runScheduled } from "./src/server/maintenance/scheduled";
import type { Env } from "./src/server/config";

export default {
  fetch: openNext.fetch,
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(runScheduled(env));
  },
} satisfies ExportedHandler<Env>;
