import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      DB_SHARD_2: D1Database;
      KV: KVNamespace;
      JWT_SECRET: string;
      PASSWORD_PEPPER: string;
      BCRYPT_COST: string;
      LOCAL_MAILBOX: string;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
