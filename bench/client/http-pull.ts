import path from "node:path";
import { freePort, kill, spawnUntilReady } from "../../e2e/server";
import { CURRENT_VERSIONS } from "../../src/core/schema-version";
import type { BenchAccount } from "./api";

// Issue 10: the pull over real HTTP. Ours: the app's server (`wrangler dev`, e2e/server.ts) pulling
// every row from `cursor: null` in pages of 5,000, auth and all. The floor: a bare Worker
// (bench/bare-d1) answering one SELECT of the same rows as JSON, served by its own `wrangler dev`
// over the same local D1. Both read from Node's fetch and parse the JSON.

export interface BareD1 {
  url: string;
  stop(): Promise<void>;
}

/** `wrangler dev` of bench/bare-d1 on the app's local state, once it answers. */
export async function startBareD1(persist: string): Promise<BareD1> {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await spawnUntilReady({
    what: "bare D1 worker",
    command: path.join(root, "node_modules", ".bin", "wrangler"),
    args: [
      "dev",
      "-c",
      "bench/bare-d1/wrangler.jsonc",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      persist,
    ],
    cwd: root,
    readyUrl: `${url}/?household=none`,
  });
  return { url, stop: () => kill(child) };
}

/** Ours: every page from `cursor: null`, as a new device asks (protocol 3, pages of 5,000). */
export async function httpPullOurs(url: string, account: BenchAccount, rows: number): Promise<number> {
  const start = performance.now();
  let cursor: string | null = null;
  let received = 0;
  for (;;) {
    const res = await fetch(`${url}/api/sync/pull`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: account.cookie },
      body: JSON.stringify({ ...CURRENT_VERSIONS, cursor, limit: 5000 }),
    });
    if (!res.ok) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { changes: Record<string, unknown[]>; cursor: string; hasMore: boolean };
    for (const list of Object.values(page.changes)) received += list.length;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const ms = performance.now() - start;
  if (received !== rows) throw new Error(`pulled ${received} rows over HTTP, expected ${rows}`);
  return ms;
}

/** The floor: one request, one SELECT, the rows as JSON. */
export async function httpPullFloor(bare: BareD1, account: BenchAccount, rows: number): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${bare.url}/?household=${encodeURIComponent(account.householdId)}`);
  if (!res.ok) throw new Error(`bare D1 worker answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { rows: unknown[] };
  const ms = performance.now() - start;
  if (body.rows.length !== rows) throw new Error(`the bare worker read ${body.rows.length} rows, expected ${rows}`);
  return ms;
}

/** One request's fixed cost: ours an empty pull at the head (auth, rate limit, metadata), the floor an empty SELECT. */
export async function httpEmpty(
  url: string,
  account: BenchAccount,
  bare: BareD1,
): Promise<{ ours: number; floor: number }> {
  const first = await fetch(`${url}/api/sync/pull`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ ...CURRENT_VERSIONS, cursor: null, limit: 1 }),
  });
  // The head: a cursor past every row, from a pull whose page is empty once the cursor is at the end.
  let cursor = ((await first.json()) as { cursor: string }).cursor;
  for (;;) {
    const res = await fetch(`${url}/api/sync/pull`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: account.cookie },
      body: JSON.stringify({ ...CURRENT_VERSIONS, cursor, limit: 5000 }),
    });
    const page = (await res.json()) as { cursor: string; hasMore: boolean };
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 10; i++) {
    let start = performance.now();
    const res = await fetch(`${url}/api/sync/pull`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: account.cookie },
      body: JSON.stringify({ ...CURRENT_VERSIONS, cursor }),
    });
    await res.json();
    ours.push(performance.now() - start);
    start = performance.now();
    await (await fetch(`${bare.url}/?household=none`)).json();
    floor.push(performance.now() - start);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return { ours: mid(ours), floor: mid(floor) };
}
