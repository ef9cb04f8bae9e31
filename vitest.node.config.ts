import path from "node:path";
import { defineConfig } from "vitest/config";

// Pure core and client tests, in Node (the client's IndexedDB is fake-indexeddb).
export default defineConfig({
  resolve: { alias: { "@": path.join(import.meta.dirname, "src") } },
  test: {
    name: "node",
    include: ["src/core/**/*.test.ts", "src/client/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
