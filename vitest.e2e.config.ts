import { defineConfig } from "vitest/config";

// Browser tests: real Chromium (playwright-core, system binary) against the built app on workerd.
// Their own config: a global setup serves the built app (`npm test` builds it first) with
// `wrangler dev` once, and files run one at a time (they share that server).
export default defineConfig({
  test: {
    name: "e2e",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    setupFiles: ["./e2e/csp-guard.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
