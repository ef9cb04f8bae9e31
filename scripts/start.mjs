// `npm start`: build with OpenNext, apply D1 migrations locally, serve app + API on workerd.
// Local D1 and KV persist under .wrangler/state. PORT overrides 8787; SKIP_BUILD=1 reuses .open-next.
import { existsSync } from "node:fs";
import { buildApp, ensureDevSecrets, run, toolEnv } from "./lib.mjs";

const port = process.env.PORT ?? "8787";
await ensureDevSecrets();
if (process.env.SKIP_BUILD !== "1" || !existsSync(".open-next/worker.js")) {
  await buildApp();
}
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
console.log(`\nDomus is starting at http://127.0.0.1:${port}\n`);
await run("wrangler", ["dev", "--port", port, "--ip", "127.0.0.1", "--show-interactive-dev-session=false"], {
  env: toolEnv(),
});
