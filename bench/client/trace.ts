import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";

/**
 * Opt-in Chromium trace of the measured UI actions, for finding where a frame's time goes:
 * `BENCH_UI_TRACE=<dir>` writes `<dir>/<name>.json` (open it in chrome://tracing or Perfetto, or sum
 * it with `node bench/client/trace-summary.mjs <file>`). Each sample is a user-timing measure from
 * the key press or click ("bench-dom", "bench-paint" for ours; "floor-dom", "floor-paint" for the
 * floor's, taken in turns with ours), so the events of its window can be found.
 */
export async function traced<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_UI_TRACE;
  if (!dir) return run();
  if (process.env.BENCH_UI_PROFILE) return profiled(page, `${dir}/${name}.cpuprofile`, run);
  const cdp = await page.context().newCDPSession(page);
  const events: unknown[] = [];
  cdp.on("Tracing.dataCollected", (e: { value: unknown[] }) => events.push(...e.value));
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", {
    transferMode: "ReportEvents",
    traceConfig: {
      includedCategories: [
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "blink.user_timing",
        "blink",
        "cc",
        "gpu",
        "v8.execute",
        "toplevel",
        "disabled-by-default-devtools.timeline.frame",
        "disabled-by-default-v8.cpu_profiler",
      ],
    },
  });
  try {
    return await run();
  } finally {
    await cdp.send("Tracing.end");
    await complete;
    writeFileSync(`${dir}/${name}.json`, JSON.stringify({ traceEvents: events }));
    await cdp.detach();
  }
}

/** With `BENCH_UI_PROFILE=1` as well: a V8 CPU profile (samples every 100 µs) instead of a trace. */
async function profiled<T>(page: Page, file: string, run: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    await cdp.detach();
  }
}
