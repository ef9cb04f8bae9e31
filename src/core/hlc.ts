import { toIso } from "./time";

export interface Hlc {
  /** A timestamp for a local change: never behind the wall clock, anything seen, or the last one. */
  now(): string;
  /** Move forward past a timestamp seen from elsewhere (a pulled row, the server's time). */
  observe(ts: string): void;
}

/**
 * A hybrid logical clock at millisecond resolution: physical time when the wall clock is ahead,
 * otherwise one millisecond past the latest timestamp seen. Equal timestamps from two devices are
 * settled by the merge's tie-break. The time source is injected so tests can skew it.
 */
export function createHlc(options: { now?: () => number; last?: string | null } = {}): Hlc {
  const wall = options.now ?? Date.now;
  const resumed = options.last ? Date.parse(options.last) : 0;
  // A corrupt stored value must not poison the clock (NaN would make every timestamp invalid).
  let last = Number.isFinite(resumed) ? resumed : 0;
  return {
    now() {
      const physical = wall();
      last = Number.isFinite(physical) ? Math.max(Math.floor(physical), last + 1) : last + 1;
      return toIso(last);
    },
    observe(ts) {
      const ms = Date.parse(ts);
      if (Number.isFinite(ms) && ms > last) last = ms;
    },
  };
}
