import path from "node:path";
import { defineConfig } from "vitest/config";

// Pure core and client tests, and the app's pure helpers, in Node (the client's IndexedDB is fake-indexeddb).
export default defineConfig({
  resolve: { alias: { "@": path.join(import.meta.dirname, "src") } },
  test: {
    name: "node",
    include: [
      "src/core/**/*.test.ts",
      "src/client/**/*.test.ts",
      "src/app/**/*.test.ts",
      "scripts/**/*.test.ts",
      "eslint/**/*.test.ts",
    ],
    testTimeout: 60_000,
  },
});
