import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateVapidKeys } from "../scripts/vapid-keys.mjs";

export interface RunningServer {
  url: string;
  /** The local state's directory (`--persist-to`): another Worker may read the same local D1. */
  persist: string;
  /** The process id of `wrangler dev` now (the benchmark finds its workerd among its descendants). */
  pid(): number | undefined;
  /** Stops wrangler dev and starts it again on the same port with the same local state (a deploy). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const quietEnv = () => ({
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  NEXT_TELEMETRY_DISABLED: "1",
});

/**
 * Serves the built app (.open-next) with `wrangler dev` on a free loopback port, with its own
 * fresh local D1/KV under a temp dir and migrations applied. Stops by itself with the test run.
 */
export async function startServer(options: { vars?: Record<string, string> } = {}): Promise<RunningServer> {
  const root = path.resolve(import.meta.dirname, "..");
  const persist = mkdtempSync(path.join(tmpdir(), "domus-e2e-"));
  const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
  const envFile = path.join(persist, ".env");
  const vars = {
    JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789abcdef",
    PASSWORD_PEPPER: "e2e-pepper-0123456789abcdef0123456789abcdef",
    BCRYPT_COST: "6",
    LOCAL_MAILBOX: "1",
    // A dev-only VAPID pair per run, so Settings can offer notifications (nothing is sent off this machine).
    ...(await generateVapidKeys()),
    VAPID_SUBJECT: "mailto:e2e@localhost.invalid",
    ...options.vars,
  };
  writeFileSync(
    envFile,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
  );
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], {
    cwd: root,
    env: quietEnv(),
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}${migrate.stdout}`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = await serve({ root, wrangler, port, persist, envFile, url });
  return {
    url,
    persist,
    pid: () => child.pid,
    async restart() {
      await kill(child);
      child = await serve({ root, wrangler, port, persist, envFile, url });
    },
    async stop() {
      await kill(child);
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.pid) {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    const deadline = setTimeout(
      () => child.exitCode === null && child.pid && process.kill(-child.pid, "SIGKILL"),
      2_000,
    );
    await exited;
    clearTimeout(deadline);
  }
}

/** `wrangler dev` on the port with the persisted state, once /api/health answers. */
function serve(o: {
  root: string;
  wrangler: string;
  port: number;
  persist: string;
  envFile: string;
  url: string;
}): Promise<ChildProcess> {
  const { root, wrangler, port, persist, envFile, url } = o;
  return spawnUntilReady({
    what: "wrangler dev",
    command: wrangler,
    args: [
      ...["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persist, "--env-file", envFile],
      "--show-interactive-dev-session=false",
    ],
    cwd: root,
    readyUrl: `${url}/api/health`,
  });
}

/**
 * Starts a server process in its own process group (so `kill` stops its children too), and resolves
 * once `readyUrl` answers 2xx; fails with the process's output if it exits first or is not ready in
 * 90 s. Used for the app's `wrangler dev` here and for the benchmark's bare D1 Worker.
 */
export async function spawnUntilReady(o: {
  what: string;
  command: string;
  args: string[];
  cwd: string;
  readyUrl: string;
}): Promise<ChildProcess> {
  const child: ChildProcess = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: quietEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.what} exited early:\n${output}`);
    try {
      if ((await fetch(o.readyUrl)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await kill(child);
      throw new Error(`${o.what} did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return child;
}
