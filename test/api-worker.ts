// The API alone as a Worker, for the client tests: they reach it over real HTTP on 127.0.0.1.
import { handleApi } from "../src/server/api";
import type { Env } from "../src/server/config";
import { runScheduled } from "../src/server/maintenance/scheduled";
import { handleLive, isLiveRequest } from "../src/server/live/live-route";

export { HouseholdHub } from "../src/server/live/household-hub";

interface Migration {
  name: string;
  queries: string[];
}

interface TestWorkerEnv extends Env {
  /** The statements of migrations/*.sql, passed in by test/client-server.ts. */
  TEST_MIGRATIONS: Migration[];
}

let migrated: Promise<void> | undefined;

/** Applies the migrations not applied yet (the isolate may restart; the database persists). */
async function migrate(env: TestWorkerEnv): Promise<void> {
  await env.DB.prepare("CREATE TABLE IF NOT EXISTS _test_migrations (name TEXT PRIMARY KEY)").run();
  const done = await env.DB.prepare("SELECT name FROM _test_migrations").all<{ name: string }>();
  const applied = new Set(done.results.map((r) => r.name));
  for (const m of env.TEST_MIGRATIONS) {
    if (applied.has(m.name)) continue;
    const record = env.DB.prepare("INSERT INTO _test_migrations (name) VALUES (?)").bind(m.name);
    await env.DB.batch([...m.queries.map((q) => env.DB.prepare(q)), record]);
  }
}

export default {
  async fetch(req: Request, env: TestWorkerEnv): Promise<Response> {
    migrated ??= migrate(env).catch((err: unknown) => {
      migrated = undefined;
      throw err;
    });
    await migrated;
    return isLiveRequest(req) ? handleLive(req, env) : handleApi(req, env);
  },
  /** The real cron work (tombstone purge) at the time the test asks for (`/__scheduled?time=<ms>`). */
  async scheduled(controller: ScheduledController, env: TestWorkerEnv): Promise<void> {
    await runScheduled(env, controller.scheduledTime);
  },
};
