// A real API server for the client tests: test/api-worker.ts on the Workers runtime (wrangler's
// unstable_dev, i.e. miniflare/workerd) with local D1 and KV in a temporary directory, migrations
// applied, listening on 127.0.0.1 on a free port. `stop()` shuts it down and removes its state.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Dexie } from "dexie";
import { afterAll, beforeAll, onTestFinished } from "vitest";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { unstable_dev, unstable_splitSqlQuery } from "wrangler";
import type { Hlc } from "../src/core/hlc";
import type { RowByTable, TableName } from "../src/core/tables";
import {
  type AccountInfo,
  type BackgroundEnvironment,
  type DomusDb,
  type LockManagerLike,
  type Repository,
  type SignedIn,
  type SyncEngine,
  type SyncEngineOptions,
  createApi,
  openClient,
} from "../src/client";

// Dexie's liveQuery only runs where it finds a global IndexedDB, as in browsers; give Node one.
// Each device still opens its database on its own injected factory.
if (!Dexie.dependencies.indexedDB) Object.assign(Dexie.dependencies, { indexedDB: new IDBFactory(), IDBKeyRange });

export interface TestServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Runs the Worker's cron work (tombstone collection) as if it were `atMs` now. */
export async function runCron(server: TestServer, atMs: number): Promise<void> {
  const res = await fetch(`${server.baseUrl}/__scheduled?time=${atMs}`);
  if (!res.ok) throw new Error(`scheduled run failed: ${res.status} ${await res.text()}`);
}

const ROOT = path.join(import.meta.dirname, "..");

async function readMigrations(): Promise<{ name: string; queries: string[] }[]> {
  const dir = path.join(ROOT, "migrations");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (name) => ({
      name,
      queries: unstable_splitSqlQuery(await readFile(path.join(dir, name), "utf8")).filter((q) => q.trim() !== ""),
    })),
  );
}

export async function startTestServer(vars: Record<string, string> = {}): Promise<TestServer> {
  const persistTo = await mkdtemp(path.join(tmpdir(), "domus-client-test-"));
  const worker = await unstable_dev(path.join(ROOT, "test", "api-worker.ts"), {
    config: path.join(ROOT, "test", "wrangler.test.jsonc"),
    ip: "127.0.0.1",
    port: 0,
    persistTo,
    logLevel: "error",
    vars: {
      TEST_MIGRATIONS: await readMigrations(),
      JWT_SECRET: "client-test-jwt-secret-0123456789abcdef0123456789",
      PASSWORD_PEPPER: "client-test-pepper-0123456789abcdef0123456789ab",
      BCRYPT_COST: "4",
      // Every test registers from the same address and syncs often; the limits have their own tests.
      RATE_LIMIT_REGISTER_PER_IP: "1000/1h",
      RATE_LIMIT_LOGIN_PER_IP: "1000/1h",
      RATE_LIMIT_LOGIN_PER_EMAIL: "1000/1h",
      RATE_LIMIT_SYNC_PER_USER: "100000/1m",
      ...vars,
    },
    experimental: { disableExperimentalWarning: true, disableDevRegistry: true, watch: false, testScheduled: true },
  });
  return {
    baseUrl: `http://${worker.address}:${worker.port}`,
    async stop() {
      await worker.stop();
      await rm(persistTo, { recursive: true, force: true });
    },
  };
}

/**
 * The shared fixture of the client tests: one real server for the file (started before its tests,
 * stopped after them) and devices that close when the test that opened them finishes (or, opened
 * outside a test, after the file). `server` is usable at once; its address is known once started.
 */
export function useTestServer(vars: Record<string, string> = {}): {
  server: TestServer;
  /** A device on this server (see `openDevice`), closed for you. */
  device(session: SignedIn | null, options?: DeviceOptions): Promise<Device>;
  /** Closes a device opened elsewhere (e.g. on another server) with the same rule. */
  track<D extends { close(): void }>(device: D | Promise<D>): Promise<D>;
} {
  let started: TestServer | null = null;
  const leftOpen: { close(): void }[] = [];
  const server: TestServer = {
    get baseUrl() {
      if (!started) throw new Error("the test server starts in beforeAll");
      return started.baseUrl;
    },
    stop: async () => started?.stop(),
  };
  const track = async <D extends { close(): void }>(opening: D | Promise<D>): Promise<D> => {
    const device = await opening;
    try {
      onTestFinished(() => device.close());
    } catch {
      leftOpen.push(device); // Opened outside a test (beforeAll): closed with the server.
    }
    return device;
  };
  beforeAll(async () => {
    started = await startTestServer(vars);
  });
  afterAll(async () => {
    for (const d of leftOpen.splice(0)) d.close();
    await started?.stop();
  });
  return {
    server,
    async device(session, options) {
      return track(await openDevice(server, session, options));
    },
    track,
  };
}

// Devices: each is its own IndexedDB (fake-indexeddb factory), database, clock, repository and engine,
// signed in with its own session, exactly as two browsers would be.

export interface Credentials {
  email: string;
  password: string;
}

export interface Device {
  db: DomusDb;
  hlc: Hlc;
  repo: Repository;
  engine: SyncEngine;
  /** The device's bearer token; set `token` to null or a new one to sign it out or in again. */
  auth: { token: string | null };
  account: AccountInfo | null;
  indexedDB: IDBFactory;
  close(): void;
}

export interface DeviceOptions {
  fetch?: typeof fetch;
  now?: () => number;
  pushChunkSize?: number;
  pullLimit?: number;
  locks?: LockManagerLike;
  random?: () => number;
  environment?: BackgroundEnvironment;
  /** Reuse the IndexedDB of an earlier device (the same browser, e.g. after a reload). */
  indexedDB?: IDBFactory;
  /** The schema the device's build knows (an older build's, to test upgrades). */
  schemaVersion?: number;
  /** The live channel (off unless given: `{}` uses Node's real WebSocket). */
  live?: SyncEngineOptions["live"];
  /** Where the engine hands a local change's push (the app's: the service worker's Background Sync). */
  handOff?: SyncEngineOptions["handOff"];
}

let emails = 0;

export async function signUp(
  server: TestServer,
  body: { inviteCode?: string; name?: string } = {},
): Promise<Credentials & { session: SignedIn }> {
  emails++;
  const email = `client-${emails}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "correct horse battery staple";
  const session = await createApi({ baseUrl: server.baseUrl }).register({
    email,
    password,
    name: body.name ?? `User ${emails}`,
    inviteCode: body.inviteCode,
  });
  return { email, password, session };
}

export async function signIn(server: TestServer, credentials: Credentials): Promise<SignedIn> {
  return createApi({ baseUrl: server.baseUrl }).login({
    email: credentials.email,
    password: credentials.password,
  });
}

export function accountOf(session: SignedIn): AccountInfo {
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    householdId: session.household.id,
    householdName: session.household.name,
  };
}

/** A device signed in with `session` (its own token), or local-only when `session` is null. */
export async function openDevice(
  server: TestServer,
  session: SignedIn | null,
  options: DeviceOptions = {},
): Promise<Device> {
  const indexedDB = options.indexedDB ?? new IDBFactory();
  const account = session ? accountOf(session) : null;
  const auth = { token: session?.token ?? null };
  // The app's own composition root, on this device's IndexedDB and the test server.
  const client = await openClient({
    userId: account?.userId ?? null,
    account,
    indexedDB,
    IDBKeyRange,
    now: options.now,
    baseUrl: server.baseUrl,
    auth,
    fetch: options.fetch,
    engine: {
      pushChunkSize: options.pushChunkSize,
      pullLimit: options.pullLimit,
      locks: options.locks,
      random: options.random,
      environment: options.environment,
      schemaVersion: options.schemaVersion,
      live: options.live ?? false,
      handOff: options.handOff,
    },
  });
  return { ...client, auth, account, indexedDB };
}

/** Live rows of a table on a device, as the UI lists them. */
export async function visible<T extends TableName>(device: Device, table: T): Promise<RowByTable[T][]> {
  const rows = (await device.db.table(table).toArray()) as RowByTable[T][];
  return rows.filter((r) => r.deletedAt === null);
}

/** A request the probe saw: its path, parsed JSON body and the status it got (null: never answered). */
export interface ProbedRequest {
  path: string;
  body: unknown;
  status: number | null;
}

/**
 * Real fetch with a switch and a recorder: `offline` makes requests fail as a dead network does,
 * `afterResponse` runs once the server has answered and may throw to lose the answer on the way
 * back (the server did the work, the client never hears of it), `maxInFlight` proves no overlap.
 */
export interface FetchProbe {
  fetch: typeof fetch;
  offline: boolean;
  requests: ProbedRequest[];
  inFlight: number;
  maxInFlight: number;
  afterResponse: ((request: ProbedRequest) => void | Promise<void>) | null;
  /** Ids of rows sent in answered push requests, table/id, one entry per time sent. */
  pushedIds(): string[];
}

export function fetchProbe(): FetchProbe {
  const probe: FetchProbe = {
    offline: false,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    afterResponse: null,
    pushedIds() {
      const ids: string[] = [];
      for (const r of probe.requests) {
        if (!r.path.endsWith("/sync/push") || r.status !== 200) continue;
        const changes = (r.body as { changes: Record<string, { id: string }[]> }).changes;
        for (const [table, rows] of Object.entries(changes)) for (const row of rows) ids.push(`${table}/${row.id}`);
      }
      return ids;
    },
    async fetch(input, init) {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : null;
      const request: ProbedRequest = { path: url.pathname, body, status: null };
      probe.requests.push(request);
      if (probe.offline) throw new TypeError("fetch failed (offline)");
      probe.inFlight++;
      probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight);
      try {
        const res = await fetch(input, init);
        request.status = res.status;
        await probe.afterResponse?.(request);
        return res;
      } finally {
        probe.inFlight--;
      }
    },
  };
  return probe;
}
