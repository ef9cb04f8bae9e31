/**
 * Exponential backoff with jitter: the n-th consecutive failure (from 1) waits between half and all of
 * `base * 2^(n-1)`, capped at `max`, so devices that went offline together do not retry in step.
 * A server's Retry-After is a floor.
 */
export function backoffDelay(options: {
  failures: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
  retryAfterMs?: number | null;
}): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, options.failures - 1));
  const jittered = exp / 2 + (options.random() * exp) / 2;
  return Math.max(options.retryAfterMs ?? 0, Math.round(jittered));
}
