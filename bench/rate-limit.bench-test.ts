import { expect, test } from "vitest";
import { env } from "cloudflare:workers";
import { createD1RateLimiter, type RateLimiter } from "../src/server/auth/rate-limiter";
import { call, registerAccount } from "../test/server-helpers";
import { alternate, median, report, timed } from "./report";

// What the atomic D1 counters (src/server/auth/rate-limiter.ts) add to a sign-in and to a sync call:
// the same request with the real limiter and with one that counts nothing (the floor).
const CALLS = 20;
const SIGN_INS = 6;
const RUNS = 3;

const noLimiter: RateLimiter = {
  consume: async () => undefined,
  consumeAll: async () => undefined,
  refund: async () => undefined,
  count: async () => 0,
  check: async () => undefined,
  hit: async () => undefined,
};

/** Milliseconds per call, median of `CALLS` sequential calls. */
async function perCall(send: () => Promise<Response>, status: number, calls = CALLS): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const { ms, value } = await timed(send);
    expect(value.status).toBe(status);
    await value.arrayBuffer();
    samples.push(ms);
  }
  return median(samples);
}

test("the cost of the atomic rate-limit counters on a sign-in and a sync call", async () => {
  const account = await registerAccount();
  // Sign-ins: the right password (two counters, then a refund) at the bench's real bcrypt cost.
  const signIn = (limited: boolean) => () =>
    perCall(
      () =>
        call("/api/auth/login", {
          body: { email: account.user.email, password: account.password },
          headers: { "cf-connecting-ip": "192.0.2.77" },
          overrides: limited ? {} : { limiter: noLimiter },
        }),
      200,
      SIGN_INS,
    );
  const sync = (limited: boolean) => () =>
    perCall(
      () =>
        call("/api/sync/pull", {
          token: account.token,
          body: { cursor: null },
          env: { RATE_LIMIT_SYNC_PER_USER: "100000/1m" },
          overrides: limited ? {} : { limiter: noLimiter },
        }),
      200,
    );
  const signIns = await alternate(RUNS, signIn(true), signIn(false));
  // The counters a sign-in adds, alone: one batch of two upserts, then one refund batch.
  const limiter = createD1RateLimiter(env.DB);
  const rule = { limit: 1_000_000, windowSeconds: 60 };
  const items = [
    { bucket: "bench-email", key: account.user.email, rule },
    { bucket: "bench-ip", key: "192.0.2.77", rule },
  ];
  const counters: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    counters.push(
      (
        await timed(async () => {
          await limiter.consumeAll(items);
          await limiter.refund(items);
        })
      ).ms,
    );
  }
  const syncs = await alternate(RUNS, sync(true), sync(false));
  const row = (name: string, runs: { ours: number[]; floor: number[] }, note: string) => {
    const ms = median(runs.ours);
    const floorMs = median(runs.floor);
    return { part: "server" as const, name, ms, floorMs, value: `+${(ms - floorMs).toFixed(1)} ms`, note };
  };
  report([
    row(
      "sign-in with the D1 counters vs without (bcrypt cost 10)",
      signIns,
      `median of ${RUNS} runs of ${SIGN_INS} calls; bcrypt dominates both, so the difference is mostly noise`,
    ),
    {
      part: "server" as const,
      name: "the sign-in counters alone (2 upserts in one batch, then the refund batch)",
      ms: median(counters),
      note: `median of ${CALLS}; local D1, so no network round trip`,
    },
    row(
      "sync call (empty pull) with the D1 counter vs without",
      syncs,
      `median of ${RUNS} runs of ${CALLS} calls; one counter upsert per call`,
    ),
  ]);
});
