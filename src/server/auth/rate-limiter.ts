import { DomusError } from "../../core/errors";
import type { RateRule } from "../config";

/**
 * Fixed-window counters in KV, as the seed chose. KV is eventually consistent and takes about one
 * write per second per key, so counts are approximate: concurrent requests may read the same count
 * (and an edge far away may see an older one), letting a burst pass a few over the limit. That is
 * fine for slowing password guessing and runaway clients; it is not an exact quota.
 */
export interface RateLimiter {
  /** Throws 429 when `key` has used up `rule` in the current window. */
  check(bucket: string, key: string, rule: RateRule): Promise<void>;
  /** Counts one event against `key`. */
  hit(bucket: string, key: string, rule: RateRule): Promise<void>;
}

export function createKvRateLimiter(kv: KVNamespace, now: () => number = Date.now): RateLimiter {
  const windowKey = (bucket: string, key: string, rule: RateRule) => {
    const windowIndex = Math.floor(now() / 1000 / rule.windowSeconds);
    return { name: `rl:${bucket}:${key}:${windowIndex}`, endsAt: (windowIndex + 1) * rule.windowSeconds };
  };
  const read = async (name: string) => Number((await kv.get(name)) ?? 0) || 0;
  return {
    async check(bucket, key, rule) {
      const { name, endsAt } = windowKey(bucket, key, rule);
      if ((await read(name)) >= rule.limit) {
        throw new DomusError("rate_limited", "Too many attempts. Please wait and try again.", {
          retryAfter: endsAt - now() / 1000,
        });
      }
    },
    async hit(bucket, key, rule) {
      const { name, endsAt } = windowKey(bucket, key, rule);
      const count = (await read(name)) + 1;
      // KV's minimum TTL is 60 s; the key outlives its window a little and is never read after it.
      const ttl = Math.max(60, Math.ceil(endsAt - now() / 1000) + 60);
      try {
        await kv.put(name, String(count), { expirationTtl: ttl });
      } catch {
        // KV refuses more than ~1 write/s per key: the count is then a little low, never an error.
      }
    },
  };
}
