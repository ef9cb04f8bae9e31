/** One line of the benchmark table: our figure, the floor measured in the same run, and the goal. */
export interface BenchRow {
  part: "server" | "client" | "bundle";
  name: string;
  /** Our time (the median of the runs), ms. */
  ms?: number;
  /** Rows moved in `ms`, for rows/s. */
  rows?: number;
  /** The floor's time (the median of the runs), ms. */
  floorMs?: number;
  /** A result that is not a time: rows read, MiB. */
  value?: string;
  goal?: string;
  /** Whether the goal is met, when it can be judged from this row alone. */
  met?: boolean;
  note?: string;
}

/** `scripts/bench.mjs` collects the rows of every part from lines starting with this marker. */
export const MARKER = "@@bench-rows ";

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear interpolation between closest ranks (p95 of 30 samples lies between the 28th and 29th). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * Runs ours and the floor `runs` times, alternating which goes first, so drift over the run (a
 * growing table, a warming JIT, a busy neighbour) weighs on both alike; returns every sample.
 */
export async function alternate<A, B>(
  runs: number,
  ours: (run: number) => Promise<A>,
  floor: (run: number) => Promise<B>,
): Promise<{ ours: A[]; floor: B[] }> {
  const out: { ours: A[]; floor: B[] } = { ours: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      out.ours.push(await ours(run));
      out.floor.push(await floor(run));
    } else {
      out.floor.push(await floor(run));
      out.ours.push(await ours(run));
    }
  }
  return out;
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? "" : n.toFixed(digits));
const rate = (rows: number | undefined, ms: number | undefined) =>
  rows && ms ? String(Math.round((rows / ms) * 1000)) : "";

/** Prints the rows as a table for a reader, and once more as JSON for `scripts/bench.mjs`. */
export function report(rows: BenchRow[]): void {
  const lines = [
    "| measure | ms | rows/s | floor ms | ratio | value | goal | met |",
    "|---|---:|---:|---:|---:|---|---|---|",
  ];
  for (const r of rows) {
    const ratio = r.ms !== undefined && r.floorMs ? `${(r.ms / r.floorMs).toFixed(2)}x` : "";
    const met = r.met === undefined ? "" : r.met ? "yes" : "NO";
    lines.push(
      `| ${r.name} | ${fmt(r.ms)} | ${rate(r.rows, r.ms)} | ${fmt(r.floorMs)} | ${ratio} | ${r.value ?? ""} | ${r.goal ?? ""} | ${met} |`,
    );
  }
  console.log(`\n${lines.join("\n")}\n${MARKER}${JSON.stringify(rows)}`);
}
