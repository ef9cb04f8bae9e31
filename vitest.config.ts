import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateVapidKeys } from "./scripts/vapid-keys.mjs";
import { pushServiceOutbound } from "./test/push-service-outbound";

// `npm test` (first step) and `npm run test:unit`: one config, a project per runtime the code runs
// in. The browser tests need a built app and a server, so they have their own config
// (vitest.e2e.config.ts), as does the server benchmark (vitest.bench.config.ts: production bcrypt
// cost, no test timeout).
const alias = { "@": path.join(import.meta.dirname, "src") };

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  // A fresh dev-only VAPID pair per run: the Worker signs with it, the local push service checks it.
  const vapid = await generateVapidKeys();
  return {
    test: {
      projects: [
        {
          // Node: the pure core, the client (its IndexedDB is fake-indexeddb; its server is
          // test/api-worker.ts on wrangler), the app's pure helpers, scripts and the lint rules.
          resolve: { alias },
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
        },
        {
          // workerd: the server, with real local D1, KV and Durable Objects (miniflare), isolated per test file, with
          // the migrations in migrations/ applied by test/apply-migrations.ts.
          resolve: { alias },
          plugins: [
            cloudflareTest({
              remoteBindings: false,
              // The test Worker exports the household hub (a Durable Object class).
              main: "./test/workers-main.ts",
              miniflare: {
                compatibilityDate: "2026-10-15",
                compatibilityFlags: ["nodejs_compat"],
                d1Databases: ["DB", "DB_SHARD_2"],
                kvNamespaces: ["KV"],
                durableObjects: { HUB: "HouseholdHub" },
                // The Worker's fetches reach only the local push service (test/push-service.ts).
                outboundService: pushServiceOutbound,
                bindings: {
                  ...vapid,
                  VAPID_SUBJECT: "mailto:tests@localhost.invalid",
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
            globalSetup: ["./test/push-service.ts"],
            testTimeout: 60_000,
          },
        },
      ],
    },
  };
});
