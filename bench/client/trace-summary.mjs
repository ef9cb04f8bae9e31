// Sums a trace written by BENCH_UI_TRACE (trace.ts) over the samples' windows: `node
// bench/client/trace-summary.mjs <file> [paint|dom] [bench|floor]` (ours, or the floor's). Prints, per sample on average, the main
// thread's self time by event name, the main thread's idle time, and other threads' busy time.
import { readFileSync } from "node:fs";

const [file, which = "paint", side = "bench"] = process.argv.slice(2);
const { traceEvents: events } = JSON.parse(readFileSync(file, "utf8"));
const name = `${side}-${which}`;
const begins = events.filter((e) => e.name === name && (e.ph === "b" || e.ph === "B"));
const ends = events.filter((e) => e.name === name && (e.ph === "e" || e.ph === "E"));
const windows = begins.map((b, i) => [b.ts, ends[i].ts]).sort((a, b) => a[0] - b[0]);
const pid = begins[0].pid;
const threads = new Map(
  events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.pid === pid).map((e) => [e.tid, e.args.name]),
);
const main = [...threads].find(([, n]) => n === "CrRendererMain")[0];
const label = (e) =>
  e.name === "FunctionCall" || e.name === "EvaluateScript"
    ? `${e.name} ${e.args?.data?.functionName || ""} ${(e.args?.data?.url || "").split("/").pop()}`.trim()
    : e.name === "EventDispatch"
      ? `EventDispatch ${e.args?.data?.type}`
      : e.name;
const overlap = (s, t, [a, b]) => Math.max(0, Math.min(t, b) - Math.max(s, a));

function selfTimes(tid) {
  const xs = events
    .filter((e) => e.tid === tid && e.pid === pid && e.ph === "X" && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const out = [];
  for (const e of xs) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const node = { ...e, children: [], top: !parent };
    if (parent) parent.children.push(node);
    stack.push(node);
    out.push(node);
  }
  return out;
}

const mainEvents = selfTimes(main);
const byName = new Map();
let busy = 0;
for (const w of windows) {
  for (const e of mainEvents) {
    const inW = overlap(e.ts, e.ts + e.dur, w);
    if (!inW) continue;
    if (e.top) busy += inW;
    const child = e.children.reduce((s, c) => s + overlap(c.ts, c.ts + c.dur, w), 0);
    byName.set(label(e), (byName.get(label(e)) ?? 0) + inW - child);
  }
}
const n = windows.length;
const span = windows.reduce((s, [a, b]) => s + b - a, 0);
const ms = (us) => (us / n / 1000).toFixed(2);
console.log(
  `${file}: ${n} samples, window ${ms(span)} ms, main thread busy ${ms(busy)} ms, idle ${ms(span - busy)} ms (means)`,
);
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(v).padStart(7)}  ${k}`);
for (const [tid, tname] of threads) {
  if (tid === main) continue;
  const top = selfTimes(tid).filter((e) => e.top);
  const t = windows.reduce((s, w) => s + top.reduce((x, e) => x + overlap(e.ts, e.ts + e.dur, w), 0), 0);
  if (t / n > 200) console.log(`  thread ${tname}: busy ${ms(t)} ms`);
}
