// `npm run bench`: every benchmark of docs/benchmarks.md, then ONE table of our figures against
// floors measured in the same run, with the machine they ran on. Parts:
//   server  vitest in workerd with real local D1/KV (bench/server.bench-test.ts)
//   client  the built app in Chromium (bench/client.bench.ts)
//   bundle  the Worker's gzip size from `wrangler deploy --dry-run` of a production build
//           (scripts/deploy.mjs --check, run last: it leaves .open-next a production build)
// Options: --skip-build reuses .open-next (else the app is built first, so client and bundle measure
// this tree); --only=server,client,bundle runs some parts. The table is also written to
// bench/results/latest.md.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { CHROMIUM, ensureChromium } from "./chromium.mjs";
import { buildApp, toolEnv } from "./lib.mjs";

const MARKER = "@@bench-rows ";
const BUNDLE_GOAL_MIB = 3;

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const parts = new Set((arg("only") ?? "server,client,bundle").split(","));
const skipBuild = process.argv.includes("--skip-build") || process.env.BENCH_SKIP_BUILD === "1";

/** Runs a tool with its stdout captured (stderr shown, for progress); prints the capture if it fails. */
function capture(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"], env: toolEnv() });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const stop = () => child.kill("SIGTERM");
    process.once("SIGINT", stop);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", stop);
      if (code === 0) return resolve(out);
      process.stdout.write(out);
      reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

function rowsFrom(output) {
  const rows = [];
  for (const line of output.split("\n")) {
    const at = line.indexOf(MARKER);
    if (at >= 0) rows.push(...JSON.parse(line.slice(at + MARKER.length)));
  }
  if (rows.length === 0) throw new Error(`no benchmark rows in the output:\n${output}`);
  return rows;
}

async function bundleRows() {
  // The size that counts is the production bundle's (no local mailbox), so this part builds its own
  // unless told to reuse one (then deploy.mjs refuses a build that is not a production one).
  const out = await capture("node", ["scripts/deploy.mjs", "--check", ...(skipBuild ? ["--skip-build"] : [])]);
  const match = /Worker bundle: ([\d.]+) MiB, ([\d.]+) MiB gzip/.exec(out);
  if (!match) throw new Error(`no bundle size in the output of deploy.mjs --check:\n${out}`);
  const gzip = Number(match[2]);
  return [
    {
      part: "bundle",
      name: "Worker bundle (wrangler deploy --dry-run), gzip",
      value: `${gzip.toFixed(2)} MiB (${match[1]} MiB raw)`,
      goal: `< ${BUNDLE_GOAL_MIB} MiB`,
      met: gzip < BUNDLE_GOAL_MIB,
      note: "Workers free plan limit 3 MiB gzip, paid 10 MiB",
    },
  ];
}

function machine() {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  const chromium = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout?.trim() || "no Chromium";
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${gib} GiB memory; Node ${process.version}; ${chromium}; ${os.type()} ${os.release()}`;
}

const num = (n, digits = 1) => (n === undefined || n === null ? "" : n.toFixed(digits));
const perSecond = (rows, ms) => (rows && ms ? Math.round((rows / ms) * 1000).toLocaleString("en") : "");

function table(rows) {
  const lines = [
    "| part | measure | ours | rows/s | floor | floor rows/s | ratio to floor | goal | met | note |",
    "|---|---|---:|---:|---:|---:|---:|---|---|---|",
  ];
  for (const r of rows) {
    const ours = r.ms !== undefined ? `${num(r.ms)} ms${r.value ? `, ${r.value}` : ""}` : (r.value ?? "");
    const floor = r.floorMs !== undefined ? `${num(r.floorMs)} ms` : "";
    const ratio = r.ms !== undefined && r.floorMs ? `${(r.ms / r.floorMs).toFixed(2)}x` : "";
    const met = r.met === undefined || r.met === null ? "" : r.met ? "yes" : "**no**";
    lines.push(
      `| ${r.part} | ${r.name} | ${ours} | ${perSecond(r.rows, r.ms)} | ${floor} | ${perSecond(r.rows, r.floorMs)} | ${ratio} | ${r.goal ?? ""} | ${met} | ${r.note ?? ""} |`,
    );
  }
  return lines.join("\n");
}

const started = new Date().toISOString();
const loadAtStart = os.loadavg()[0];
const rows = [];
const failures = [];
async function part(name, fn) {
  if (!parts.has(name)) return;
  console.error(`\n=== bench: ${name} ===`);
  try {
    rows.push(...(await fn()));
  } catch (err) {
    failures.push(name);
    console.error(`bench ${name} failed: ${err.message}`);
  }
}

await part("server", async () => rowsFrom(await capture("vitest", ["run", "-c", "vitest.bench.config.ts"])));
if ((parts.has("client") || parts.has("bundle")) && (!skipBuild || !existsSync(".open-next/worker.js"))) {
  console.error("\n=== bench: building the app (--skip-build to reuse .open-next) ===");
  await buildApp({ stdio: ["ignore", "ignore", "inherit"] });
}
await part("client", async () => {
  await ensureChromium();
  return rowsFrom(await capture("tsx", ["bench/client.bench.ts"]));
});
await part("bundle", bundleRows);

// The machine may be shared: a load average above its core count means other work competed with the run.
const load = `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
const report = `# Domus benchmarks, ${started}\n\nMachine: ${machine()}; ${load}.\n\n${table(rows)}\n`;
console.log(`\n${report}`);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.md", report);
if (failures.length > 0) console.error(`Parts that failed: ${failures.join(", ")}.`);
process.exit(failures.length > 0 ? 1 : 0);
