import type { SyncedRow } from "../src/core/define-table";
import type { PullResponse, PushResponse, RowResult, StatusResponse } from "../src/core/protocol";
import { isTableName, tableDef } from "../src/core/tables";
import { type WireRow, rowFromWire } from "../src/core/wire-row";
import { type Account, type CallOptions, call, jsonOf } from "./server-helpers";

// Small helpers for the sync endpoint suites: timestamps, rows of each table, and push/pull calls
// through the real API (real local D1 and KV).

/** A day ago, on a whole second: timestamps after it are in the past, so never clamped. */
export const T0 = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;
export const at = (ms: number) => new Date(T0 + ms).toISOString();

/** Enough sync calls for the paging suites; the limiter itself is tested with the auth suite. */
export const MANY_CALLS = { RATE_LIMIT_SYNC_PER_USER: "100000/1m" };

export type Row = Record<string, unknown>;

export const shoppingItem = (id: string, ts: string, extra: Row = {}): Row => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  name: "Milk",
  quantity: 1,
  unit: null,
  category: null,
  checked: false,
  deletedAt: null,
  ...extra,
});

export const task = (id: string, ts: string, extra: Row = {}): Row => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  title: "Take the bins out",
  ...extra,
});

export const note = (id: string, ts: string, extra: Row = {}): Row => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  title: "Wifi",
  body: "on the fridge",
  ...extra,
});

export const preference = (id: string, ts: string, extra: Row = {}): Row => ({
  id,
  createdAt: ts,
  updatedAt: ts,
  key: "theme",
  value: "dark",
  ...extra,
});

export interface Pushed {
  status: number;
  body: PushResponse;
  /** Results of one table in push order. */
  results: (table?: string) => RowResult[];
}

export async function push(
  who: Account,
  changes: Record<string, unknown[]>,
  options: Omit<CallOptions, "body" | "token"> = {},
): Promise<Pushed> {
  const res = await call("/api/sync/push", { ...options, token: who.token, body: { clientId: "device-1", changes } });
  const body = decodePush(await jsonOf<PushResponse<WireRow | SyncedRow>>(res));
  return { status: res.status, body, results: (table = Object.keys(changes)[0] ?? "") => body.results[table] ?? [] };
}

export async function pull(
  who: Account,
  cursor: string | null,
  options: { limit?: number } & Omit<CallOptions, "body" | "token"> = {},
): Promise<PullResponse> {
  const { limit, ...rest } = options;
  const res = await call("/api/sync/pull", { ...rest, token: who.token, body: { cursor, limit } });
  if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
  return decodePull(await jsonOf<PullResponse<WireRow | SyncedRow>>(res));
}

const defOf = (table: string) => (isTableName(table) ? tableDef(table) : undefined);

/** A page as a client of this build reads it: compact rows (protocol 3) back to full rows. */
export function decodePull(page: PullResponse<WireRow | SyncedRow>): PullResponse {
  const changes: Record<string, SyncedRow[]> = {};
  for (const [table, rows] of Object.entries(page.changes ?? {})) {
    const def = defOf(table);
    changes[table] = rows.map((r) => (def ? rowFromWire(def, r, page.householdId) : (r as SyncedRow)));
  }
  return { ...page, changes };
}

/** A push answer as a client of this build reads it (rows in `stale` and clamped results decoded). */
export function decodePush(body: PushResponse<WireRow | SyncedRow>): PushResponse {
  if (!body.results) return body as PushResponse;
  const results: Record<string, RowResult[]> = {};
  for (const [table, list] of Object.entries(body.results)) {
    const def = defOf(table);
    results[table] = list.map((r) =>
      r.row && def ? { ...r, row: rowFromWire(def, r.row, body.householdId) } : (r as RowResult),
    );
  }
  return { ...body, results };
}

/** Every pulled row of a table by id (the latest when a row appears twice). */
export function byId(page: PullResponse, table: string): Map<string, SyncedRow> {
  return new Map((page.changes[table] ?? []).map((r) => [r.id, r]));
}

/** The caller's current view of one row, as a fresh device downloading everything would see it. */
export async function fetchRow(who: Account, table: string, id: string): Promise<SyncedRow | undefined> {
  return byId(await pull(who, null, { limit: 5_000 }), table).get(id);
}

export async function status(who: Account): Promise<StatusResponse> {
  return jsonOf<StatusResponse>(await call("/api/sync/status", { token: who.token }));
}
