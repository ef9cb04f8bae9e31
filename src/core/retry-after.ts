/**
 * When to try again, from a 429's Retry-After header (delay in seconds, or an HTTP date), in words:
 * "Try again in 45 seconds.", "… in 3 minutes.", "… in 2 hours." Null when the header says nothing usable.
 */
export function retryAfterSentence(header: string | null, nowMs: number): string | null {
  if (!header) return null;
  const trimmed = header.trim();
  let seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : (Date.parse(trimmed) - nowMs) / 1000;
  if (!Number.isFinite(seconds)) return null;
  seconds = Math.max(1, Math.ceil(seconds));
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  if (seconds < 60) return `Try again in ${unit(seconds, "second")}.`;
  if (seconds < 3600) return `Try again in ${unit(Math.ceil(seconds / 60), "minute")}.`;
  return `Try again in ${unit(Math.ceil(seconds / 3600), "hour")}.`;
}
