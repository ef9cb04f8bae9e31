import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Server tests run inside workerd with real local D1, KV and Durable Objects (miniflare), isolated per test file,
// with the migrations in migrations/ applied by test/apply-migrations.ts.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    resolve: { alias: { "@": path.join(import.meta.dirname, "src") } },
    plugins: [
      cloudflareTest({
        remoteBindings: false,
        main: "./test/workers-main.ts",
        miniflare: {
          compatibilityDate: "2026-10-15",
          compatibilityFlags: ["nodejs_compat"],
          d1Databases: ["DB", "DB_SHARD_2"],
          kvNamespaces: ["KV"],
          durableObjects: { HUB: "HouseholdHub" },
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
            PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
            // The cheapest bcrypt cost keeps the suite fast; the bench measures the real cost.
            BCRYPT_COST: "4",
            // Emails go to the local mailbox in KV (src/server/email), read back by the tests.
            LOCAL_MAILBOX: "1",
          },
        },
      }),
    ],
    test: {
      name: "workers",
      include: ["src/server/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 60_000,
    },
  };
});
