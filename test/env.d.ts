import type { D1Migration } from "cloudflare:test";
import type { HouseholdHub } from "../src/server/live/household-hub";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      DB_SHARD_2: D1Database;
      KV: KVNamespace;
      HUB: DurableObjectNamespace<HouseholdHub>;
      JWT_SECRET: string;
      PASSWORD_PEPPER: string;
      BCRYPT_COST: string;
      LOCAL_MAILBOX: string;
      VAPID_PUBLIC_KEY: string;
      VAPID_PRIVATE_KEY: string;
      VAPID_SUBJECT: string;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
