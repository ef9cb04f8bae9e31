// The API alone as a Worker, for the client tests: they reach it over real HTTP on 127.0.0.1.
import { handleApi } from "../src/server/api";
import type { Env } from "../src/server/config";

interface Migration {
  name: string;
  queries: string[];
}

interface TestWorkerEnv extends Env {
  /** The statements of migrations/*.sql, passed in by test/client-server.ts. */
  TEST_MIGRATIONS: Migration[];
}

let migrated: Promise<void> | undefined;

async function migrate(env: TestWorkerEnv): Promise<void> {
  for (const m of env.TEST_MIGRATIONS) {
    if (m.queries.length > 0) await env.DB.batch(m.queries.map((q) => env.DB.prepare(q)));
  }
}

export default {
  async fetch(req: Request, env: TestWorkerEnv): Promise<Response> {
    migrated ??= migrate(env);
    await migrated;
    return handleApi(req, env);
  },
};
