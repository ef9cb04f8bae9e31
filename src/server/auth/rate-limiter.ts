import { DomusError } from "../../core/errors";
import type { RateRule } from "../config";

/** One counter: `bucket` names what is counted ("login-email"), `key` whose ("jo@example.com"). */
export interface Consumption {
  bucket: string;
  key: string;
  rule: RateRule;
}

/**
 * Fixed-window counters whose increment is atomic and strongly consistent, so a security limit holds
 * under parallel requests: N concurrent attempts are counted N times. Count BEFORE the expensive or
 * secret-revealing work (a bcrypt compare, a hash, a write), never after it.
 */
export interface RateLimiter {
  /** Counts one event against `key`; throws `rate_limited` (with Retry-After) once the count passes the limit. */
  consume(bucket: string, key: string, rule: RateRule): Promise<void>;
  /** `consume` for several counters in one round trip; every counter is counted, then any past its limit throws. */
  consumeAll(items: readonly Consumption[]): Promise<void>;
  /** Gives back one counted event (an attempt that turned out not to be a failure). Never below zero. */
  refund(items: readonly Consumption[]): Promise<void>;
  /** The count so far in the current window. */
  count(bucket: string, key: string, rule: RateRule): Promise<number>;
  /** Throws `rate_limited` when `key` has used up `rule`, counting nothing (for a cheap early refusal). */
  check(bucket: string, key: string, rule: RateRule): Promise<void>;
  /** Counts one event without refusing. Prefer `consume`: check-then-hit is not atomic. */
  hit(bucket: string, key: string, rule: RateRule): Promise<void>;
}

/** Keys come from clients (emails, addresses): bounded so a row never grows with the input. */
const MAX_KEY = 320;

function rateLimited(retryAfter: number): DomusError {
  return new DomusError("rate_limited", "Too many attempts. Please wait and try again.", { retryAfter });
}

/**
 * The counters live in D1 (`rate_counters`, migrations/0010): one `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING` per counter is a single atomic statement on D1's one primary, so there is no read-then-
 * write race, and every location sees the same count. See the README's "Rate limits" section for why
 * D1 and not KV (eventually consistent, no increment) or a Durable Object.
 */
export function createD1RateLimiter(db: D1Database, now: () => number = Date.now): RateLimiter {
  const windowOf = ({ bucket, key, rule }: Consumption) => {
    const nowSeconds = now() / 1000;
    const start = Math.floor(nowSeconds / rule.windowSeconds) * rule.windowSeconds;
    return {
      name: `${bucket}:${key.slice(0, MAX_KEY)}`,
      start,
      endsAt: start + rule.windowSeconds,
      nowSeconds,
    };
  };
  // SET expressions read the row as it was before the update, so a new window restarts at 1.
  const increment = (item: Consumption) => {
    const w = windowOf(item);
    return db
      .prepare(
        `INSERT INTO rate_counters (name, windowStart, count, expiresAt) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (name) DO UPDATE SET
           count = CASE WHEN windowStart = excluded.windowStart THEN count + 1 ELSE 1 END,
           windowStart = excluded.windowStart,
           expiresAt = excluded.expiresAt
         RETURNING count`,
      )
      .bind(w.name, w.start, w.endsAt);
  };
  const read = async (item: Consumption) => {
    const w = windowOf(item);
    const row = await db
      .prepare(`SELECT count FROM rate_counters WHERE name = ? AND windowStart = ?`)
      .bind(w.name, w.start)
      .first<{ count: number }>();
    return { count: row?.count ?? 0, retryAfter: w.endsAt - w.nowSeconds };
  };
  const consumeAll = async (items: readonly Consumption[]) => {
    if (items.length === 0) return;
    const results = await db.batch<{ count: number }>(items.map(increment));
    let retryAfter = 0;
    items.forEach((item, i) => {
      const count = results[i]?.results[0]?.count ?? Number.POSITIVE_INFINITY;
      if (count > item.rule.limit) {
        const w = windowOf(item);
        retryAfter = Math.max(retryAfter, w.endsAt - w.nowSeconds);
      }
    });
    if (retryAfter > 0) throw rateLimited(retryAfter);
  };
  return {
    consume: (bucket, key, rule) => consumeAll([{ bucket, key, rule }]),
    consumeAll,
    async refund(items) {
      if (items.length === 0) return;
      await db.batch(
        items.map((item) => {
          const w = windowOf(item);
          return db
            .prepare(`UPDATE rate_counters SET count = count - 1 WHERE name = ? AND windowStart = ? AND count > 0`)
            .bind(w.name, w.start);
        }),
      );
    },
    async count(bucket, key, rule) {
      return (await read({ bucket, key, rule })).count;
    },
    async check(bucket, key, rule) {
      const { count, retryAfter } = await read({ bucket, key, rule });
      if (count >= rule.limit) throw rateLimited(retryAfter);
    },
    async hit(bucket, key, rule) {
      await db.batch([increment({ bucket, key, rule })]);
    },
  };
}

/** Removes counters whose window has ended (the daily cron); returns how many. */
export async function purgeRateCounters(db: D1Database, nowMs: number): Promise<number> {
  const result = await db
    .prepare(`DELETE FROM rate_counters WHERE expiresAt < ?`)
    .bind(Math.floor(nowMs / 1000))
    .run();
  return result.meta.changes ?? 0;
}
