import { decodePullCursor, encodeCursor } from "../../core/cursor";
import { DomusError } from "../../core/errors";
import {
  DEFAULT_PULL_LIMIT,
  NEXT_CURSOR_HEADER,
  type FullResponse,
  type PushRequest,
  type PullResponse,
  type StatusResponse,
  fullRequest,
  pullRequest,
  pushRequest,
} from "../../core/protocol";
import { PROTOCOL_VERSION, SCHEMA_VERSION, newerClientProblem, upgradeProblem } from "../../core/schema-version";
import type { z } from "zod";
import { TABLE_NAMES } from "../../core/tables";
import { authenticateMember } from "../household/authenticate-member";
import type { Deps } from "../deps";
import { parse, readJson } from "../http/read-body";
import { jsonTextResponse } from "../http/respond";
import { type JsonText, stringifyJson } from "../http/json-text";
import { type MetadataUpdate, readSyncStatus, recordSync } from "./metadata";
import { type PushInput, push } from "./push";
import type { Scope } from "./row-store";
import { pokeAfterPush } from "../live/poke-after-push";
import { pullFor, pushFor } from "./wire-response";
import type { SyncedRow } from "../../core/define-table";
import { type WireRow, usesCompactRows } from "../../core/wire-row";
import { BOOKMARK_HEADER, type HouseholdData, householdData } from "./household-data";
import { notifyAssigned, watchAssignments } from "../reminders/notify-assigned";

interface SyncCaller {
  scope: Scope;
  data: HouseholdData;
  /** The member's name, for the notices their pushes cause. */
  name: string;
}

async function syncCaller(req: Request, deps: Deps): Promise<SyncCaller> {
  // Membership from D1, and 409 household_changed when the device holds another household's data.
  const s = await authenticateMember(req, deps);
  await deps.limiter.consume("sync-user", s.userId, deps.config.rateLimits.syncPerUser);
  return {
    scope: { householdId: s.householdId, userId: s.userId },
    data: householdData(deps, s, req),
    name: s.name,
  };
}

/** Every sync answer carries the D1 bookmark (read-your-writes) and the rows D1 read for a pull. */
function syncResponse(
  body: unknown,
  data: HouseholdData,
  rowsRead?: number,
  extra: Record<string, string> = {},
): Response {
  const headers: Record<string, string> = { ...extra };
  const bookmark = data.bookmark();
  if (bookmark) headers[BOOKMARK_HEADER] = bookmark;
  if (rowsRead !== undefined) headers["x-d1-rows-read"] = String(rowsRead);
  // Pull pages hold rows SQLite already wrote as JSON text: placed as they are.
  return jsonTextResponse(stringifyJson(body), { headers });
}

async function pull(
  deps: Deps,
  { scope, data }: SyncCaller,
  body: { cursor: string | null; limit?: number | undefined; protocol?: number | undefined },
): Promise<{ response: PullResponse<SyncedRow | WireRow | JsonText>; metadata: MetadataUpdate[]; rowsRead: number }> {
  const after = decodePullCursor(body.cursor);
  if (after === undefined) throw new DomusError("invalid_request", "cursor: not a cursor this server issued.");
  const args = [scope, after.version, body.limit ?? DEFAULT_PULL_LIMIT, after.pass, deps.config.pullPageBytes] as const;
  // Protocol 3 rows are built straight from D1's columns; older clients get the full rows.
  const compact = usesCompactRows(body.protocol);
  const page = compact ? await data.rows.pullCompact(...args) : await data.rows.pull(...args);
  const serverTime = new Date(deps.now()).toISOString();
  const response: PullResponse<SyncedRow | JsonText> = {
    changes: page.changes,
    cursor: encodeCursor(page.lastVersion, page.hasMore ? { seq: page.seq, remaining: page.remaining } : undefined),
    hasMore: page.hasMore,
    remaining: page.remaining,
    serverTime,
  };
  return {
    response: compact
      ? { ...response, householdId: scope.householdId }
      : pullFor(body.protocol, response as PullResponse<SyncedRow>),
    metadata: TABLE_NAMES.map((table) => ({ table, pulledAt: serverTime })),
    rowsRead: page.rowsRead,
  };
}

function pushInput(deps: Deps, caller: SyncCaller, body: PushRequest): PushInput {
  return {
    changes: body.changes,
    scope: caller.scope,
    nowMs: deps.now(),
    skewMs: deps.config.clockSkewMs,
    clientId: body.clientId,
    seq: body.seq,
    quota: deps.config.quota,
    members: async () => (await deps.users.members(caller.scope.householdId)).map((m) => m.id),
  };
}

/** Seconds a client newer than this server waits before it tries again (a deploy takes about that). */
const SERVER_BEHIND_RETRY_S = 30;

/**
 * A sync request's body, parsed, from a client this server can serve. A client newer than the server
 * (a deploy rolling out) is asked to retry before its body is validated against tables this server
 * may not know; a client older than the server's schema would drop rows it does not know, so it must
 * reload first.
 */
async function syncBody<T extends { schema?: number | undefined }>(
  schema: z.ZodType<T>,
  req: Request,
  deps: Deps,
): Promise<T> {
  const json = await readJson(req, deps.config.maxBodyBytes);
  const behind = newerClientProblem(json);
  if (behind) {
    throw new DomusError("server_behind", behind, {
      retryAfter: SERVER_BEHIND_RETRY_S,
      details: { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION },
    });
  }
  const body = parse(schema, json);
  const problem = upgradeProblem(body.schema);
  if (problem) throw new DomusError("upgrade_required", problem, { details: { schemaVersion: SCHEMA_VERSION } });
  return body;
}

export async function pushHandler(req: Request, deps: Deps): Promise<Response> {
  const caller = await syncCaller(req, deps);
  const body = await syncBody(pushRequest, req, deps);
  const watch = await watchAssignments(deps, caller.data.rows, caller.scope, body.changes);
  const { response, metadata } = await push(pushInput(deps, caller, body), caller.data.rows);
  await recordSync(caller.data.db, caller.scope, metadata, response.serverTime);
  await pokeAfterPush(deps, { scope: caller.scope, db: caller.data.db, pushed: response });
  notifyAssigned(deps, { ...caller.data, scope: caller.scope, pusherName: caller.name, watch, pushed: response });
  return syncResponse(pushFor(body.protocol, caller.scope.householdId, response), caller.data);
}

export async function pullHandler(req: Request, deps: Deps): Promise<Response> {
  const caller = await syncCaller(req, deps);
  const body = await syncBody(pullRequest, req, deps);
  const { response, metadata, rowsRead } = await pull(deps, caller, body);
  await recordSync(caller.data.db, caller.scope, metadata, response.serverTime);
  const next: Record<string, string> = response.hasMore ? { [NEXT_CURSOR_HEADER]: response.cursor } : {};
  return syncResponse(response, caller.data, rowsRead, next);
}

export async function fullHandler(req: Request, deps: Deps): Promise<Response> {
  const caller = await syncCaller(req, deps);
  const body = await syncBody(fullRequest, req, deps);
  // All or nothing: a bad or outdated cursor refuses the request before the push half changes anything.
  const after = decodePullCursor(body.cursor);
  if (after === undefined) throw new DomusError("invalid_request", "cursor: not a cursor this server issued.");
  await caller.data.rows.checkCursor(caller.scope, after.version);
  const watch = await watchAssignments(deps, caller.data.rows, caller.scope, body.changes);
  const pushed = await push(pushInput(deps, caller, body), caller.data.rows);
  let pulled: Awaited<ReturnType<typeof pull>>;
  try {
    pulled = await pull(deps, caller, body);
  } catch (err) {
    // A purge between the check and the pull: the push is stored, so its results go with the error.
    if (err instanceof DomusError && err.code === "resync_required") {
      await recordSync(caller.data.db, caller.scope, pushed.metadata, pushed.response.serverTime);
      const push = pushFor(body.protocol, caller.scope.householdId, pushed.response);
      throw new DomusError("resync_required", err.message, { details: { push } });
    }
    throw err;
  }
  const byTable = new Map<string, MetadataUpdate>();
  for (const m of [...pushed.metadata, ...pulled.metadata]) byTable.set(m.table, { ...byTable.get(m.table), ...m });
  await recordSync(caller.data.db, caller.scope, [...byTable.values()], pulled.response.serverTime);
  await pokeAfterPush(deps, { scope: caller.scope, db: caller.data.db, pushed: pushed.response });
  notifyAssigned(deps, {
    ...caller.data,
    scope: caller.scope,
    pusherName: caller.name,
    watch,
    pushed: pushed.response,
  });
  const { householdId } = caller.scope;
  const response: FullResponse<unknown> = {
    push: pushFor(body.protocol, householdId, pushed.response),
    pull: pulled.response,
  };
  return syncResponse(response, caller.data, pulled.rowsRead);
}

export async function statusHandler(req: Request, deps: Deps): Promise<Response> {
  const s = await authenticateMember(req, deps);
  const data = householdData(deps, s, req);
  const found = await readSyncStatus(data.db, { householdId: s.householdId, userId: s.userId });
  const tables: StatusResponse["tables"] = {};
  for (const t of TABLE_NAMES) {
    tables[t] = found[t] ?? { lastPushAt: null, lastPullAt: null, lastSyncAt: null, conflictCount: 0 };
  }
  const usage = await data.rows.usage({ householdId: s.householdId, userId: s.userId });
  const body: StatusResponse = {
    tables,
    usage: { ...usage, ...deps.config.quota },
    serverTime: new Date(deps.now()).toISOString(),
  };
  return syncResponse(body, data);
}
