// The Worker the workerd tests run beside (vitest.config.ts, the workers project's `main`): the API and the live
// channel routed as worker.ts routes them, and the household hub class its Durable Objects run.
import { handleApi } from "../src/server/api";
import type { Env } from "../src/server/config";
import { handleLive, isLiveRequest } from "../src/server/live/live-route";

export { HouseholdHub } from "../src/server/live/household-hub";

export default {
  fetch: (req: Request, env: Env) => (isLiveRequest(req) ? handleLive(req, env) : handleApi(req, env)),
} satisfies ExportedHandler<Env>;
