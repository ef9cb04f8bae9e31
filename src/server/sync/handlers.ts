import { decodePullCursor, encodeCursor } from "../../core/cursor";
import { DomusError } from "../../core/errors";
import {
  DEFAULT_PULL_LIMIT,
  type FullResponse,
  type PullResponse,
  type StatusResponse,
  fullRequest,
  pullRequest,
  pushRequest,
} from "../../core/protocol";
import { TABLE_NAMES } from "../../core/tables";
import { authenticate } from "../auth/authenticate";
import type { Deps } from "../deps";
import { parse, readJson } from "../http/read-body";
import { json } from "../http/respond";
import { type MetadataUpdate, readSyncStatus, recordSync } from "./metadata";
import { push } from "./push";
import type { Scope } from "./row-store";

async function syncCaller(req: Request, deps: Deps): Promise<Scope> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const rule = deps.config.rateLimits.syncPerUser;
  await deps.limiter.check("sync-user", s.userId, rule);
  await deps.limiter.hit("sync-user", s.userId, rule);
  return { householdId: s.householdId, userId: s.userId };
}

async function pull(
  deps: Deps,
  scope: Scope,
  cursor: string | null,
  limit: number | undefined,
): Promise<{ response: PullResponse; metadata: MetadataUpdate[] }> {
  const after = decodePullCursor(cursor);
  if (after === undefined) throw new DomusError("invalid_request", "cursor: not a cursor this server issued.");
  const page = await deps.rows.pull(scope, after.version, limit ?? DEFAULT_PULL_LIMIT, after.pass);
  const serverTime = new Date(deps.now()).toISOString();
  return {
    response: {
      changes: page.changes,
      cursor: encodeCursor(page.lastVersion, page.hasMore ? { seq: page.seq, remaining: page.remaining } : undefined),
      hasMore: page.hasMore,
      remaining: page.remaining,
      serverTime,
    },
    metadata: TABLE_NAMES.map((table) => ({ table, pulledAt: serverTime })),
  };
}

export async function pushHandler(req: Request, deps: Deps): Promise<Response> {
  const scope = await syncCaller(req, deps);
  const body = parse(pushRequest, await readJson(req, deps.config.maxBodyBytes));
  const { response, metadata } = await push(
    { changes: body.changes, scope, nowMs: deps.now(), skewMs: deps.config.clockSkewMs },
    deps.rows,
  );
  await recordSync(deps.db, scope, metadata, response.serverTime);
  return json(response);
}

export async function pullHandler(req: Request, deps: Deps): Promise<Response> {
  const scope = await syncCaller(req, deps);
  const body = parse(pullRequest, await readJson(req, deps.config.maxBodyBytes));
  const { response, metadata } = await pull(deps, scope, body.cursor, body.limit);
  await recordSync(deps.db, scope, metadata, response.serverTime);
  return json(response);
}

export async function fullHandler(req: Request, deps: Deps): Promise<Response> {
  const scope = await syncCaller(req, deps);
  const body = parse(fullRequest, await readJson(req, deps.config.maxBodyBytes));
  const pushed = await push(
    { changes: body.changes, scope, nowMs: deps.now(), skewMs: deps.config.clockSkewMs },
    deps.rows,
  );
  const pulled = await pull(deps, scope, body.cursor, body.limit);
  const byTable = new Map<string, MetadataUpdate>();
  for (const m of [...pushed.metadata, ...pulled.metadata]) byTable.set(m.table, { ...byTable.get(m.table), ...m });
  await recordSync(deps.db, scope, [...byTable.values()], pulled.response.serverTime);
  const response: FullResponse = { push: pushed.response, pull: pulled.response };
  return json(response);
}

export async function statusHandler(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticate(req, { secret: deps.config.jwtSecret, sessions: deps.sessions });
  const scope = { householdId: s.householdId, userId: s.userId };
  const found = await readSyncStatus(deps.db, scope);
  const tables: StatusResponse["tables"] = {};
  for (const t of TABLE_NAMES) {
    tables[t] = found[t] ?? { lastPushAt: null, lastPullAt: null, lastSyncAt: null, conflictCount: 0 };
  }
  const body: StatusResponse = { tables, serverTime: new Date(deps.now()).toISOString() };
  return json(body);
}
