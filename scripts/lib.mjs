import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { generateVapidKeys } from "./vapid-keys.mjs";

/** Quiet, offline-friendly settings for wrangler/miniflare/next: no cf.json fetch, no telemetry. */
export function toolEnv(extra = {}) {
  return {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

/**
 * Local secrets: generated once into .dev.vars (git-ignored), which wrangler dev reads. In
 * production they are set with `wrangler secret put` and a missing one is a clear error.
 */
export async function ensureDevSecrets(file = ".dev.vars") {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = [];
  for (const name of ["JWT_SECRET", "PASSWORD_PEPPER"]) {
    if (!new RegExp(`^${name}=`, "m").test(text)) lines.push(`${name}=${randomBytes(32).toString("base64url")}`);
  }
  // Locally every email goes to the local mailbox (/dev/mailbox); a deployment never sets this.
  if (!/^LOCAL_MAILBOX=/m.test(text)) lines.push("LOCAL_MAILBOX=1");
  // A dev-only VAPID pair for Web Push on this machine; a deployment sets its own (README, "Reminders").
  if (!/^VAPID_PUBLIC_KEY=/m.test(text)) {
    const keys = await generateVapidKeys();
    lines.push(`VAPID_PUBLIC_KEY=${keys.VAPID_PUBLIC_KEY}`, `VAPID_PRIVATE_KEY=${keys.VAPID_PRIVATE_KEY}`);
    lines.push("VAPID_SUBJECT=mailto:dev@localhost.invalid");
  }
  if (lines.length > 0) {
    writeFileSync(file, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${lines.join("\n")}\n`);
    console.log(`Generated local ${lines.map((l) => l.split("=")[0]).join(" and ")} in ${file}.`);
  }
}

/** Runs a project tool (node_modules/.bin is on PATH inside npm scripts) and resolves on success. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: toolEnv(), ...options });
    const stop = () => child.kill("SIGTERM");
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`));
    });
  });
}

/**
 * The production build: the service worker's sync bundle first (public/sw-sync.js), then OpenNext,
 * whose build command (open-next.config.ts) is `npm run build` (`next build`) followed by
 * `serwist build`, which writes public/sw.js with the precache manifest of that build.
 */
export async function buildApp(options = {}) {
  await run("node", ["scripts/build-sw.mjs"], options);
  await run("opennextjs-cloudflare", ["build"], options);
}
