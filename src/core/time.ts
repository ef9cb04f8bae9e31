/** Wire timestamps are ISO 8601 UTC with milliseconds; fixed width, so string order is time order. */
export const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The stamp of a value nobody wrote: a default filled in for a field a new row did not carry. Lower
 * than any timestamp a client can send, so any explicit write beats it, whatever the arrival order.
 */
export const LOWEST_STAMP = "0000-01-01T00:00:00.000Z";

export function isIsoTimestamp(value: string): boolean {
  if (!ISO_PATTERN.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The latest of ISO timestamps (string order is time order). */
export function maxIso(...values: string[]): string {
  let best = "";
  for (const v of values) if (v > best) best = v;
  return best;
}

/**
 * A timestamp further in the future than `skewMs` is clamped to server time: one device with a
 * clock set to 2099 must not win every future conflict.
 */
export function clampToNow(value: string, nowMs: number, skewMs: number): string {
  return Date.parse(value) > nowMs + skewMs ? toIso(nowMs) : value;
}
