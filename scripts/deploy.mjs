// `npm run deploy`: build with OpenNext, apply D1 migrations remotely, deploy the Worker.
// `npm run deploy:check`: the same build and `wrangler deploy --dry-run` with placeholder ids, so a
// change that breaks the production bundle is caught without a Cloudflare account.
// Ids come from the environment (DATABASE_ID, KV_NAMESPACE_ID), never from hand-edited config.
import { readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { buildApp, run } from "./lib.mjs";

const check = process.argv.includes("--check");
const skipBuild = process.argv.includes("--skip-build");
const CONFIG = "wrangler.deploy.jsonc";

/** wrangler.jsonc without its comments (line comments outside strings, and block comments); trailing commas go too. */
export function stripJsonComments(text) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else out += c;
  }
  return out;
}

function deployConfig() {
  const env = process.env;
  const missing = ["DATABASE_ID", "KV_NAMESPACE_ID"].filter((k) => !env[k]);
  if (!check && missing.length > 0) {
    console.error(
      `Set ${missing.join(" and ")} first (see README, "Deploy"): the ids printed by ` +
        "`wrangler d1 create domus-db` and `wrangler kv namespace create domus-kv`.",
    );
    process.exit(1);
  }
  const config = JSON.parse(stripJsonComments(readFileSync("wrangler.jsonc", "utf8")).replace(/,(\s*[}\]])/g, "$1"));
  config.d1_databases[0].database_id = env.DATABASE_ID ?? "00000000-0000-0000-0000-000000000000";
  config.kv_namespaces[0].id = env.KV_NAMESPACE_ID ?? "00000000000000000000000000000000";
  config.vars = { ...config.vars, SESSION_DURATION: env.SESSION_DURATION ?? "7d" };
  if (env.API_BASE_URL) config.vars.API_BASE_URL = env.API_BASE_URL;
  // Cloudflare Email Service: password reset, verification and invite emails (README, "Email").
  config.send_email = [{ name: "EMAIL" }];
  if (env.EMAIL_FROM) config.vars.EMAIL_FROM = env.EMAIL_FROM;
  else if (!check) {
    console.error(
      'Set EMAIL_FROM first (see README, "Email"): the sender address, on a domain onboarded to Email Service.',
    );
    process.exit(1);
  }
  delete config.dev;
  writeFileSync(CONFIG, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

function dirSize(dir) {
  let raw = 0;
  let gzip = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith(".map")) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const bytes = readFileSync(file);
    raw += statSync(file).size;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

/**
 * The local mailbox must not be in a production bundle: its routes are `*.dev.ts(x)` files that
 * next.config.ts drops when DOMUS_PRODUCTION_BUILD=1; this proves it on the built output.
 */
function assertNoLocalMailbox(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(m?js|json|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (readFileSync(file, "utf8").includes("domus-dev-mailbox") || /dev[\\/]mailbox/.test(file)) {
      console.error(`The local mailbox is in the production bundle (${file}). Build with DOMUS_PRODUCTION_BUILD=1.`);
      process.exit(1);
    }
  }
  console.log(`No local mailbox in ${dir}.`);
}

deployConfig();
process.env.DOMUS_PRODUCTION_BUILD = "1";
if (!skipBuild) await buildApp();
assertNoLocalMailbox(".open-next");
if (check) {
  const outdir = ".open-next/dry-run";
  await run("wrangler", ["deploy", "--dry-run", "--outdir", outdir, "--config", CONFIG]);
  assertNoLocalMailbox(outdir);
  const { raw, gzip } = dirSize(outdir);
  const mib = (n) => (n / 1024 / 1024).toFixed(2);
  console.log(`Worker bundle: ${mib(raw)} MiB, ${mib(gzip)} MiB gzip (free plan limit 3 MiB gzip, paid 10 MiB).`);
} else {
  await run("wrangler", ["d1", "migrations", "apply", "DB", "--remote", "--config", CONFIG]);
  await run("wrangler", ["deploy", "--config", CONFIG]);
  console.log("Deployed. Set secrets once with `npx wrangler secret put JWT_SECRET` and `... PASSWORD_PEPPER`.");
}
