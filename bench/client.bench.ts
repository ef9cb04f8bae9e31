// `npm run bench` (client part): the built app (.open-next) served by wrangler dev with fresh local
// D1/KV, driven in the system Chromium, each device a fresh on-disk profile. Run by
// scripts/bench.mjs after the server part; alone: `npm exec -- tsx bench/client.bench.ts`.
import { writeFileSync } from "node:fs";
import { startServer } from "../e2e/server";
import { seedItems, seedTasks, register } from "./client/api";
import { coldStartFloor, coldStartOurs } from "./client/cold-start";
import { httpEmpty, httpPullFloor, httpPullOurs, startBareD1 } from "./client/http-pull";
import { deltaSync, summarize } from "./client/delta-sync";
import { fanOut, propagation } from "./client/propagation";
import { BACK_TO_BACK_MS } from "./client/device";
import { type UiResult, uiAdd } from "./client/ui-add";
import { uiTick } from "./client/ui-tick";
import { type QuotaKind, quotaCost } from "./client/quota-cost";
import { type BenchRow, alternate, median, quantile, report } from "./report";

const COLD_ROWS = 10_000;
const COLD_RUNS = 3;
const DELTA_ROWS = Number(process.env.BENCH_DELTA_ROWS ?? 100_000);
const DELTA_CHANGES = 10;
const DELTA_RUNS = 5;
const LISTED = 1_000;
const ADDS = 30;
/** The painted frame's goal: within this factor of the floor's (which is what a frame of the page costs). */
const PAINT_RATIO = 1.5;

const log = (message: string) => console.error(`[bench client] ${message}`);

async function coldStart(url: string): Promise<BenchRow[]> {
  const account = await register(url, "cold");
  await seedItems(url, account, COLD_ROWS);
  // BENCH_COLD_PROFILE=file.cpuprofile: one more cold start of ours, profiled, before the timed ones.
  const profile = process.env.BENCH_COLD_PROFILE;
  if (profile) {
    log(`cold start profiled into ${profile}; functions by self time:`);
    await coldStartOurs(url, account, COLD_ROWS, profile);
  }
  log(`cold start of ${COLD_ROWS} rows, ${COLD_RUNS} runs alternating with the floor`);
  const runs = await alternate(
    COLD_RUNS,
    () => coldStartOurs(url, account, COLD_ROWS),
    () => coldStartFloor(url, account, COLD_ROWS),
  );
  runs.ours.forEach((r, i) =>
    log(
      `  run ${i + 1}: ours ${r.syncMs.toFixed(0)} ms (pull requests ${r.pullRequestMs.toFixed(0)} ms, sign-in to "Synced" ${r.signInToSyncedMs.toFixed(0)} ms); floor ${runs.floor[i]?.ms.toFixed(0)} ms (fetch ${runs.floor[i]?.fetchMs.toFixed(0)} ms)`,
    ),
  );
  const ms = median(runs.ours.map((r) => r.syncMs));
  const floorMs = median(runs.floor.map((f) => f.ms));
  const floorFetchMs = median(runs.floor.map((f) => f.fetchMs));
  return [
    {
      part: "client",
      name: "cold start: new device pulls 10,000 rows into IndexedDB vs raw fetch + bare Dexie bulkPut",
      ms,
      rows: COLD_ROWS,
      floorMs,
      goal: "≤ 1.5x",
      met: ms <= 1.5 * floorMs,
      note: `first pull request to "Synced" shown, of which waiting on pull requests ${median(runs.ours.map((r) => r.pullRequestMs)).toFixed(0)} ms (floor: fetch ${floorFetchMs.toFixed(0)} ms, bulkPut the rest); sign-in to "Synced" ${median(runs.ours.map((r) => r.signInToSyncedMs)).toFixed(0)} ms; median of ${COLD_RUNS}`,
    },
  ];
}

const HTTP_RUNS = 5;

/** Issue 10: the same pull over real HTTP, the app's server against a bare D1 Worker's one SELECT. */
async function httpPull(url: string, persist: string): Promise<BenchRow[]> {
  const account = await register(url, "http");
  await seedItems(url, account, COLD_ROWS);
  const bare = await startBareD1(persist);
  try {
    log(`pull of ${COLD_ROWS} rows over HTTP, ${HTTP_RUNS} runs alternating with a bare D1 Worker`);
    // One untimed round of each: both Workers compiled, both reads warm.
    await httpPullOurs(url, account, COLD_ROWS);
    await httpPullFloor(bare, account, COLD_ROWS);
    const runs = await alternate(
      HTTP_RUNS,
      () => httpPullOurs(url, account, COLD_ROWS),
      () => httpPullFloor(bare, account, COLD_ROWS),
    );
    const ms = median(runs.ours);
    const floorMs = median(runs.floor);
    const empty = await httpEmpty(url, account, bare);
    return [
      {
        part: "client",
        name: "pull 10,000 rows over HTTP (wrangler dev, pages of 5,000) vs a bare D1 Worker's one SELECT as JSON",
        ms,
        rows: COLD_ROWS,
        floorMs,
        goal: "≤ 1.3x",
        met: ms <= 1.3 * floorMs,
        note: `from Node's fetch, JSON parsed; median of ${HTTP_RUNS}, alternating; one request's fixed cost: an empty pull ${empty.ours.toFixed(1)} ms, the bare Worker's empty SELECT ${empty.floor.toFixed(1)} ms (median of 10)`,
      },
    ];
  } finally {
    await bare.stop();
  }
}

async function delta(url: string): Promise<BenchRow[]> {
  const account = await register(url, "delta");
  log(`delta sync: seeding ${DELTA_ROWS} rows on the server, then on the device by one initial pull`);
  await seedItems(url, account, DELTA_ROWS);
  const result = await deltaSync(url, account, { rows: DELTA_ROWS, changes: DELTA_CHANGES, runs: DELTA_RUNS });
  const { syncMs, pullRequestMs, rowsRead } = summarize(result);
  const rows = DELTA_ROWS.toLocaleString("en");
  return [
    {
      part: "client",
      name: `delta sync: ${DELTA_CHANGES} rows changed elsewhere, device holds ${rows}`,
      ms: syncMs,
      goal: "< 100 ms",
      met: syncMs < 100,
      note: `"Sync now" to "Synced", of which the pull request ${pullRequestMs.toFixed(1)} ms; median of ${DELTA_RUNS}; the initial pull of ${rows} rows took ${(result.seedMs / 1000).toFixed(1)} s`,
    },
    {
      part: "client",
      name: "delta sync: D1 rows read by its pull",
      value: rowsRead === null ? "n/a" : `${rowsRead} rows read`,
      goal: `∝ ${DELTA_CHANGES} changes`,
      met: rowsRead === null ? undefined : rowsRead <= 3 * DELTA_CHANGES,
      note: rowsRead === null ? "the server sends no x-d1-rows-read header" : "x-d1-rows-read, worst of the runs",
    },
  ];
}

/**
 * Rows for one UI action on a page at rest: to the DOM (the goal, one frame) and to the painted frame,
 * median and p95; its main-thread time; and its painted frame when the actions come back to back.
 */
function uiRows(action: string, { ours, floor, mainMs, backToBack }: UiResult, floorNote: string): BenchRow[] {
  const at = (samples: UiResult["ours"], what: keyof UiResult["ours"][number], q: number) =>
    quantile(
      samples.map((s) => s[what]),
      q,
    );
  const row = (what: "domMs" | "paintMs", q: number, name: string, extra: Partial<BenchRow> = {}): BenchRow => ({
    part: "client",
    name,
    ms: at(ours, what, q),
    floorMs: at(floor, what, q),
    ...extra,
  });
  const dom = row("domMs", 0.5, `UI: ${action} → row in the DOM, median`, {
    goal: "< 16 ms",
    note: `${ours.length} times, each on a page at rest (its last action synced, the main thread idle), in turns with the floor's; floor: ${floorNote}; DOM nodes changed by then, median: ours ${at(ours, "changed", 0.5)}, floor ${at(floor, "changed", 0.5)}`,
  });
  const domP95 = row("domMs", 0.95, "UI: same, p95", { goal: "< 16 ms" });
  const paint = row("paintMs", 0.5, `UI: ${action} → first frame painted with it, median`, {
    goal: `≤ ${PAINT_RATIO}x floor`,
    note: "requestAnimationFrame, then the first task after the frame (at the scheduler's top priority); the floor shows what a frame of this page costs",
  });
  const paintP95 = row("paintMs", 0.95, "UI: same, p95", { goal: `≤ ${PAINT_RATIO}x floor` });
  const withinRatio = (r: BenchRow) => ({ ...r, met: r.ms! <= PAINT_RATIO * r.floorMs! });
  return [
    { ...dom, met: dom.ms! < 16 },
    { ...domP95, met: domP95.ms! < 16 },
    withinRatio(paint),
    withinRatio(paintP95),
    {
      part: "client",
      name: "UI: same, main-thread time per action",
      ms: mainMs.ours,
      floorMs: mainMs.floor,
      note: `the renderer's task time (TaskDuration) over ${Math.ceil(ours.length / 2)} more actions at rest in a row, each side's own, and the pauses after them, divided by their number: an action's whole cost, its sync included, which a next action soon after shares its frame with; harness included on both sides`,
    },
    {
      part: "client",
      name: `UI: same, ${BACK_TO_BACK_MS} ms apart → first frame painted, median`,
      ms: at(backToBack.ours, "paintMs", 0.5),
      floorMs: at(backToBack.floor, "paintMs", 0.5),
      note: `${backToBack.ours.length} more, each while the last one still syncs (push, poke, pull and the live queries they wake; the server runs on the same machine); no goal`,
    },
  ];
}

async function ui(url: string): Promise<BenchRow[]> {
  const listed = LISTED.toLocaleString("en");
  const shopper = await register(url, "ui");
  await seedItems(url, shopper, LISTED);
  log(`UI: ${ADDS} adds, then ${ADDS} ticks, on a shopping list of ${LISTED} items`);
  const adds = await uiAdd(url, shopper, { listed: LISTED, adds: ADDS, warmup: 2 });
  const ticks = await uiTick(url, shopper, { link: "Shopping", listed: LISTED, ticks: ADDS, warmup: 2 });
  const doer = await register(url, "ui-tasks");
  await seedTasks(url, doer, LISTED);
  log(`UI: ${ADDS} tasks completed on a list of ${LISTED} tasks`);
  const completes = await uiTick(url, doer, { link: "Today", listed: LISTED, ticks: ADDS, warmup: 2 });
  // Every sample, for pooling runs (one run's p95 is its second-worst sample of 30).
  if (process.env.BENCH_UI_SAMPLES)
    writeFileSync(process.env.BENCH_UI_SAMPLES, JSON.stringify({ adds, ticks, completes }));
  return [
    ...uiRows(
      `Enter on a new shopping item, ${listed} listed`,
      adds,
      "a plain DOM row appended to the same list on the same page",
    ),
    ...uiRows(
      `ticking a shopping item, ${listed} listed`,
      ticks,
      "the same click on the same box taken by plain DOM code: the row removed, a ticked clone put in the other list",
    ),
    ...uiRows(
      `completing a task, ${listed} listed`,
      completes,
      "the same click on the same box taken by plain DOM code: the row removed, a ticked clone put in the done list",
    ),
  ];
}

const CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 20);
const SOCKETS = 200;

async function live(url: string): Promise<BenchRow[]> {
  const account = await register(url, "live");
  log(`live: ${CHANGES} changes from another device to a page left on its list, then the tight-loop floor`);
  const { ours, floor } = await propagation(url, account, CHANGES);
  log(`live: fan-out to ${SOCKETS} sockets of one household`);
  const fan = await fanOut(url, await register(url, "fanout"), SOCKETS);
  const p95 = quantile(
    ours.map((s) => s.screenMs),
    0.95,
  );
  return [
    {
      part: "client",
      name: `live: a change pushed by device A to device B's IndexedDB, ${CHANGES} changes, median`,
      ms: median(ours.map((s) => s.idbMs)),
      floorMs: median(floor),
      note: "push sent to the row in B's IndexedDB; floor: B pulling in a tight loop (no IndexedDB)",
    },
    {
      part: "client",
      name: "live: same, to the row on B's screen, p95",
      ms: p95,
      floorMs: quantile(floor, 0.95),
      goal: "< 300 ms",
      met: p95 < 300,
      note: `median ${median(ours.map((s) => s.screenMs)).toFixed(0)} ms; B untouched, before: up to the 60 s interval`,
    },
    {
      part: "client",
      name: `live: fan-out, a push sent to the last of ${SOCKETS} sockets' pokes (one hub)`,
      ms: fan.afterSendMs,
      note: `from the push's response: ${fan.afterResponseMs.toFixed(1)} ms (negative: the push answers after the hub sent its pokes)`,
    },
  ];
}

const MIB = 64;
const CPU_MS = 1_000;

async function quota(url: string, wrangler: number, kind: QuotaKind): Promise<BenchRow[]> {
  log(
    kind === "bytes"
      ? "quota: a household filled to its byte quota with notes of 90,000 characters"
      : "quota: a household filled to its row quota with shopping items",
  );
  const cost = await quotaCost(url, await register(url, `quota-${kind}`), wrangler, kind);
  const size =
    kind === "bytes"
      ? `${(cost.bytes / 1024 / 1024).toFixed(1)} MB in ${cost.rows} notes`
      : `${cost.rows.toLocaleString("en")} shopping items, ${(cost.bytes / 1024 / 1024).toFixed(1)} MB`;
  const quotaName = kind === "bytes" ? "byte quota" : "row quota";
  const row = (what: string, c: typeof cost.page, note: string): BenchRow[] => [
    {
      part: "server",
      name: `household at its ${quotaName} (${size}): ${what}, Worker memory`,
      value: `${c.peakMiB.toFixed(1)} MiB peak`,
      goal: `≤ ${MIB} MiB`,
      met: c.peakMiB <= MIB,
      note: `peak RSS during the request above the RSS before, summed over wrangler dev's workerd processes (the Worker and local D1; /proc); ${note}`,
    },
    {
      part: "server",
      name: `household at its ${quotaName}: ${what}, Worker CPU`,
      value: `${c.cpuMs} ms CPU`,
      goal: `≤ ${CPU_MS} ms`,
      met: c.cpuMs <= CPU_MS,
      note: "user + system time during the request of wrangler dev's workerd processes (Worker and local D1; 10 ms ticks)",
    },
  ];
  return [
    ...row(
      "largest pull page",
      cost.page,
      `worst of ${cost.pages} pages, up to ${(cost.page.bytes / 1e6).toFixed(1)} MB each`,
    ),
    ...row(
      "largest export page",
      cost.exported,
      `worst of ${cost.exportPages} pages; ${(cost.exported.bytes / 1e6).toFixed(1)} MB exported in all`,
    ),
  ];
}

/** `BENCH_CLIENT=cold,http,delta,ui,live,quota` (the default: all) runs some of them. */
const only = new Set((process.env.BENCH_CLIENT ?? "cold,http,delta,ui,live,quota").split(","));
const server = await startServer({
  vars: {
    RATE_LIMIT_SYNC_PER_USER: "100000/1m",
    RATE_LIMIT_LOGIN_PER_EMAIL: "1000/1m",
    RATE_LIMIT_LOGIN_PER_IP: "1000/1m",
    RATE_LIMIT_REGISTER_PER_IP: "1000/1m",
  },
});
process.once("SIGINT", () => void server.stop().then(() => process.exit(130)));
try {
  const rows: BenchRow[] = [];
  if (only.has("cold")) rows.push(...(await coldStart(server.url)));
  if (only.has("http")) rows.push(...(await httpPull(server.url, server.persist)));
  if (only.has("delta")) rows.push(...(await delta(server.url)));
  if (only.has("ui")) rows.push(...(await ui(server.url)));
  if (only.has("live")) rows.push(...(await live(server.url)));
  if (only.has("quota")) {
    rows.push(...(await quota(server.url, server.pid()!, "bytes")));
    rows.push(...(await quota(server.url, server.pid()!, "rows")));
  }
  report(rows);
} finally {
  await server.stop();
}
