import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// `npm run bench` (server part): runs inside workerd with real local D1 and KV, like the tests.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        remoteBindings: false,
        miniflare: {
          compatibilityDate: "2026-10-15",
          compatibilityFlags: ["nodejs_compat"],
          d1Databases: ["DB", "DB_SHARD_2"],
          kvNamespaces: ["KV"],
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abcdef",
            PASSWORD_PEPPER: "bench-pepper-0123456789abcdef0123456789abcdef",
            BCRYPT_COST: "10",
            RATE_LIMIT_SYNC_PER_USER: "100000/1m",
          },
        },
      }),
    ],
    test: {
      name: "bench",
      include: ["bench/**/*.bench-test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 600_000,
    },
  };
});
