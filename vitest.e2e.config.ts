import { defineConfig } from "vitest/config";

// Browser tests: real Chromium (playwright-core, system binary) against the built app on workerd.
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
