// `npm test`: every test. Unit and server tests (Node + workerd with real local D1/KV), then the
// end-to-end tests in real Chromium against the built app served by wrangler dev.
// E2E_SKIP_BUILD=1 reuses an existing .open-next build.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { buildApp, run } from "./lib.mjs";
import { ensureChromium } from "./chromium.mjs";

const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
function count(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

let failed = false;
async function step(name, fn) {
  console.log(`\n=== ${name} ===\n`);
  try {
    await fn();
  } catch (err) {
    failed = true;
    console.error(`${name} failed: ${err.message}`);
  }
}

await step("unit and server tests", () =>
  run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`]),
);
count(`${results}/unit.json`);

await step("end-to-end tests (Chromium)", async () => {
  await ensureChromium();
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(".open-next/worker.js")) {
    await buildApp();
  }
  await run("vitest", [
    "run",
    "-c",
    "vitest.e2e.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${results}/e2e.json`,
  ]);
});
count(`${results}/e2e.json`);

if (totals.skipped > 0) {
  failed = true;
  console.error(`${totals.skipped} tests were skipped; CI skips none.`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failed || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
