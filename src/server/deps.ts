import { createKvSessionStore, type SessionStore } from "./auth/session-store";
import { createD1UserStore, type UserStore } from "./auth/user-store";
import { createPasswordHasher, type PasswordHasher } from "./auth/passwords";
import { createD1RateLimiter, type RateLimiter } from "./auth/rate-limiter";
import { type Config, type Env, loadConfig } from "./config";
import { consoleLogger, type Logger } from "./http/respond";
import { createEmailSender, type EmailSender } from "./email/email-sender";
import { createHubClient, type HubClient } from "./live/hub-client";
import { createShardMap, type ShardMap } from "./shards/shard-map";

/** Everything a handler needs, built from the Worker's bindings. Tests build it from real local ones. */
export interface Deps {
  config: Config;
  users: UserStore;
  sessions: SessionStore;
  limiter: RateLimiter;
  hasher: PasswordHasher;
  /** Every email goes through this port (Cloudflare Email Service, or the local mailbox). */
  email: EmailSender;
  /** Where each household's rows live: never assume one database. */
  shards: ShardMap;
  kv: KVNamespace;
  db: D1Database;
  logger: Logger;
  now: () => number;
  /** The household hubs (live channel); null where there are none (`next dev`). */
  hub: HubClient | null;
  /** True only when the Worker entry itself routes the request, so a 101 can reach the client. */
  liveUpgrade: boolean;
  /** The raw variables, for features that read their own (src/server/reminders/vapid.ts). */
  env: Env;
  /**
   * Work that finishes after the response (the request's `ctx.waitUntil`); it must never fail the
   * request. Without a request context the promise just runs, its rejection logged.
   */
  waitUntil: (work: Promise<unknown>) => void;
}

const hashers = new Map<string, PasswordHasher>();

export function createDeps(env: Env, overrides: Partial<Deps> = {}): Deps {
  const config = overrides.config ?? loadConfig(env);
  const hasherKey = `${config.bcryptCost}:${config.pepper}`;
  let hasher = hashers.get(hasherKey);
  if (!hasher) {
    // One per isolate, so the dummy hash for unknown emails is computed once.
    hasher = createPasswordHasher({ pepper: config.pepper, cost: config.bcryptCost });
    hashers.set(hasherKey, hasher);
  }
  const now = overrides.now ?? Date.now;
  return {
    config,
    users: createD1UserStore(env.DB),
    sessions: createKvSessionStore(env.KV, env.DB),
    limiter: createD1RateLimiter(env.DB, now),
    hasher,
    email: createEmailSender(env, env.KV, now),
    shards: createShardMap({
      kv: env.KV,
      bindings: { ...env }, // shards are looked up by binding name (DB, DB_SHARD_2...)
      newHouseholdShard: env.SHARD_FOR_NEW_HOUSEHOLDS,
    }),
    kv: env.KV,
    db: env.DB,
    logger: consoleLogger,
    now,
    hub: env.HUB ? createHubClient(env.HUB) : null,
    liveUpgrade: false,
    env,
    waitUntil: (work) => void work.catch((err) => consoleLogger.error("waitUntil failed", { error: String(err) })),
    ...overrides,
  };
}
