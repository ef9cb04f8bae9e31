import { createKvSessionStore, type SessionStore } from "./auth/session-store";
import { createD1UserStore, type UserStore } from "./auth/user-store";
import { createPasswordHasher, type PasswordHasher } from "./auth/passwords";
import { createKvRateLimiter, type RateLimiter } from "./auth/rate-limiter";
import { type Config, type Env, loadConfig } from "./config";
import { consoleLogger, type Logger } from "./http/respond";
import { createShardMap, type ShardMap } from "./shards/shard-map";

/** Everything a handler needs, built from the Worker's bindings. Tests build it from real local ones. */
export interface Deps {
  config: Config;
  users: UserStore;
  sessions: SessionStore;
  limiter: RateLimiter;
  hasher: PasswordHasher;
  /** Where each household's rows live: never assume one database. */
  shards: ShardMap;
  kv: KVNamespace;
  db: D1Database;
  logger: Logger;
  now: () => number;
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
    sessions: createKvSessionStore(env.KV),
    limiter: createKvRateLimiter(env.KV, now),
    hasher,
    shards: createShardMap({
      kv: env.KV,
      bindings: { ...env }, // shards are looked up by binding name (DB, DB_SHARD_2...)
      newHouseholdShard: env.SHARD_FOR_NEW_HOUSEHOLDS,
    }),
    kv: env.KV,
    db: env.DB,
    logger: consoleLogger,
    now,
    ...overrides,
  };
}
