// Bundles the service worker's Background Sync (src/client/sw-entry.ts, the client's own sync engine)
// into public/sw-sync.js, which public/sw.js loads with importScripts. Runs before every build
// (`npm run build:worker`, `npm start`, `npm test`, deploy): the output is generated, not committed.
import { statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outfile = path.join(root, "public", "sw-sync.js");

export async function buildServiceWorkerSync() {
  await build({
    entryPoints: [path.join(root, "src", "client", "sw-entry.ts")],
    outfile,
    bundle: true,
    // A classic script for importScripts: its exports become the worker's global `domusSync`.
    format: "iife",
    globalName: "domusSync",
    platform: "browser",
    target: ["chrome100", "safari16", "firefox110"],
    minify: true,
    sourcemap: "linked",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  console.log(`Built ${path.relative(root, outfile)} (${Math.round(statSync(outfile).size / 1024)} KiB)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildServiceWorkerSync();
}
