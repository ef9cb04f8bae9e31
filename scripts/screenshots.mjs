// `npm run screenshots`: rewrites docs/screenshots (shown by the README) from the built app in
// Chromium. Builds first unless E2E_SKIP_BUILD=1 and .open-next exists. `npm test` takes the same
// screenshots into test-results/ instead, so a test run never changes committed files.
import { existsSync } from "node:fs";
import { ensureChromium } from "./chromium.mjs";
import { buildApp, run, toolEnv } from "./lib.mjs";

await ensureChromium();
if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(".open-next/worker.js")) await buildApp();
await run("vitest", ["run", "-c", "vitest.e2e.config.ts", "e2e/screenshots.e2e.ts"], {
  env: toolEnv({ DOMUS_SCREENSHOTS: "docs" }),
});
