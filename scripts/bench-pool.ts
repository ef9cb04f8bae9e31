// `npm run bench:pool -- <file>...`: the UI benchmark's samples of several runs (each written by
// `BENCH_UI_SAMPLES=<file> BENCH_CLIENT=ui npm run bench -- --only=client`), pooled. One run's p95 is
// its second-worst sample of 30, ours and the floor's, so whether it is within 1.5x of the floor's
// turns on a few frames; pooled over runs of one build, it is read from many. Prints, per action and
// for each run and the pool, the painted frame's median and p95, ours against the floor's, and the
// time to the DOM (ours), with the same quantiles as the bench's table (bench/report.ts).
import { readFileSync } from "node:fs";
import { median, quantile } from "../bench/report";

interface Sample {
  domMs: number;
  paintMs: number;
}
type Samples = Record<"adds" | "ticks" | "completes", { ours: Sample[]; floor: Sample[] }>;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run bench:pool -- <samples.json>...");
  process.exit(2);
}
const runs = files.map((file) => ({ file, samples: JSON.parse(readFileSync(file, "utf8")) as Samples }));

const ms = (v: number) => `${v.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function line(label: string, ours: Sample[], floor: Sample[]): string {
  const paint = (s: Sample[]) => s.map((x) => x.paintMs);
  const dom = ours.map((x) => x.domMs);
  const [om, fm] = [median(paint(ours)), median(paint(floor))];
  const [op, fp] = [quantile(paint(ours), 0.95), quantile(paint(floor), 0.95)];
  return [
    label.padEnd(24),
    `n=${String(ours.length).padStart(3)}`,
    `painted median ${ms(om)} / ${ms(fm)} = ${ratio(om, fm)}`,
    `p95 ${ms(op)} / ${ms(fp)} = ${ratio(op, fp)}`,
    `DOM median ${ms(median(dom))}, p95 ${ms(quantile(dom, 0.95))}`,
  ].join("  ");
}

for (const action of ["adds", "ticks", "completes"] as const) {
  console.log(`${action} (ours / floor)`);
  for (const { file, samples } of runs) console.log(`  ${line(file, samples[action].ours, samples[action].floor)}`);
  if (runs.length > 1) {
    const all = (side: "ours" | "floor") => runs.flatMap((r) => r.samples[action][side]);
    console.log(`  ${line("pooled", all("ours"), all("floor"))}`);
  }
}
