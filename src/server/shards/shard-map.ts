/**
 * Where a household's synced rows live. D1 caps one database at 10 GB, so Domus can spread
 * households over several databases ("shards"), one binding each (`DB`, `DB_SHARD_2`, …). Accounts
 * (users, households, invites, sessions) stay in the primary `DB`; a household's rows, its change
 * sequence and its sync metadata live together in its shard, so a push is still one atomic batch
 * there. Nothing else in the server assumes a single database: it asks the shard map.
 */
export interface ShardMap {
  /** The shard name a household's rows live in (`DB` until it is assigned elsewhere). */
  shardOf(householdId: string): Promise<string>;
  /** The database of a shard name; throws if the Worker has no such binding. */
  database(shard: string): D1Database;
  /** The shard for a new household; throws before anything is written if it has no binding. */
  placeNew(): string;
  /** Records where a new household lives and creates its sequence row there. */
  assign(household: { id: string; name: string; createdAt: string }, shard: string): Promise<void>;
}

export const PRIMARY_SHARD = "DB";

/**
 * The directory is KV (`shard:<householdId>`), read once per session and cached with it; a household
 * with no entry lives in the primary database. New households go to `SHARD_FOR_NEW_HOUSEHOLDS`.
 */
export function createShardMap(options: {
  kv: KVNamespace;
  bindings: Record<string, unknown>;
  newHouseholdShard?: string;
}): ShardMap {
  const database = (shard: string): D1Database => {
    const db = options.bindings[shard];
    if (!isD1(db)) throw new Error(`No D1 binding named ${shard}: add it to wrangler.jsonc.`);
    return db;
  };
  return {
    async shardOf(householdId) {
      return (await options.kv.get(`shard:${householdId}`)) ?? PRIMARY_SHARD;
    },
    database,
    placeNew() {
      const shard = options.newHouseholdShard ?? PRIMARY_SHARD;
      database(shard);
      return shard;
    },
    async assign(household, shard) {
      if (shard === PRIMARY_SHARD) return;
      await database(shard)
        .prepare(`INSERT INTO households (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`)
        .bind(household.id, household.name, household.createdAt)
        .run();
      await options.kv.put(`shard:${household.id}`, shard);
    },
  };
}

function isD1(value: unknown): value is D1Database {
  return typeof value === "object" && value !== null && "prepare" in value && "batch" in value;
}
