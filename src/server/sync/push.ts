import { isCompleteRow, type PushedRow, type SyncedRow, type TableDef } from "../../core/define-table";
import { type Stamped, changeFromPushed, sameValue } from "../../core/merge-rows";
import { type PushResponse, type RowResult } from "../../core/protocol";
import { MEMBER_FIELDS, type TableName, isTableName, tableDef } from "../../core/tables";
import { clampToNow, maxIso } from "../../core/time";
import { DomusError } from "../../core/errors";
import { describeIssues } from "../http/read-body";
import type { RowStore, Scope, WriteOp } from "./row-store";
import type { MetadataUpdate } from "./metadata";
import { userRowIdProblem } from "./user-row-ids";
import { PushReplayed, QuotaRaced, type RecordedPush } from "./push-log";
import { type Quota, estimateRow, fitRows } from "./quota";
import type { QuotaGuard } from "./row-store";

/** One valid row of a push, as decided before the write: clamped, validated, stamped. */
interface PlannedRow {
  table: string;
  /** Position in the table's results. */
  index: number;
  id: string;
  createdAt?: string | undefined;
  fields: Record<string, Stamped>;
  complete: boolean;
  /** Some timestamp ran too far ahead and was clamped: the client must adopt the server's stamps. */
  clamped: boolean;
}

/** Everything a push decided before writing; recorded with the write so a replay is answered from it. */
interface PushPlan {
  serverTime: string;
  results: Record<string, RowResult[]>;
  planned: PlannedRow[];
}

export interface PushInput {
  changes: Record<string, unknown[]>;
  scope: Scope;
  nowMs: number;
  skewMs: number;
  clientId: string;
  /** The client's push number (protocol v2); without it a push is merged every time it arrives (v1). */
  seq?: number | undefined;
  /** The household's quota; rows past it are rejected with `quota_exceeded`. */
  quota?: Quota | undefined;
  /** The household's current members' ids (asked only when a row names a member: MEMBER_FIELDS). */
  members?: (() => Promise<readonly string[]>) | undefined;
}

export interface PushOutcome {
  response: PushResponse;
  metadata: MetadataUpdate[];
}

const MAX_REASON = 300;

/** Clamps every timestamp of a pushed row that runs ahead of the server by more than the skew. */
function clampRow(row: PushedRow, nowMs: number, skewMs: number): { row: PushedRow; clamped: boolean } {
  let clamped = false;
  const clamp = (ts: string) => {
    const kept = clampToNow(ts, nowMs, skewMs);
    if (kept !== ts) clamped = true;
    return kept;
  };
  const fieldUpdatedAt = row.fieldUpdatedAt
    ? Object.fromEntries(Object.entries(row.fieldUpdatedAt).map(([k, v]) => [k, clamp(v)]))
    : undefined;
  const out: PushedRow = {
    ...row,
    updatedAt: clamp(row.updatedAt),
    createdAt: row.createdAt === undefined ? undefined : clamp(row.createdAt),
    fieldUpdatedAt,
  };
  return { row: out, clamped };
}

/** Validates and clamps each row on its own (one bad row never blocks the rest). */
function planPush(input: PushInput): PushPlan {
  const serverTime = new Date(input.nowMs).toISOString();
  const results: Record<string, RowResult[]> = {};
  const planned: PlannedRow[] = [];
  for (const [tableName, list] of Object.entries(input.changes)) {
    if (!isTableName(tableName)) {
      throw new DomusError("invalid_request", `Unknown table "${tableName.slice(0, 64)}".`);
    }
    const table = tableDef(tableName);
    const out: RowResult[] = (results[tableName] = []);
    list.forEach((raw) => {
      const parsed = table.pushedRow.safeParse(raw);
      if (!parsed.success) {
        const id =
          typeof (raw as { id?: unknown } | null)?.id === "string"
            ? String((raw as { id: string }).id).slice(0, 64)
            : "";
        out.push({ id, status: "rejected", reason: describeIssues(parsed.error.issues).slice(0, MAX_REASON) });
        return;
      }
      const idProblem = userRowIdProblem(tableName, parsed.data, input.scope.userId);
      if (idProblem) {
        out.push({ id: parsed.data.id, status: "rejected", reason: idProblem });
        return;
      }
      const { row: pushed, clamped } = clampRow(parsed.data, input.nowMs, input.skewMs);
      const change = changeFromPushed(pushed);
      if (Object.keys(change.fields).length === 0) {
        out.push({ id: pushed.id, status: "rejected", reason: "The row carries no field to change." });
        return;
      }
      out.push({ id: pushed.id, status: "applied" });
      planned.push({
        table: tableName,
        index: out.length - 1,
        id: pushed.id,
        createdAt: change.createdAt,
        fields: change.fields,
        complete: isCompleteRow(table, pushed),
        clamped,
      });
    });
  }
  return { serverTime, results, planned };
}

/** Rejects, per row, a value of a member field (an assignee) that names no current member. */
async function rejectNonMembers(input: PushInput, plan: PushPlan): Promise<void> {
  const named = (p: PlannedRow) => (MEMBER_FIELDS[p.table] ?? []).filter((f) => typeof p.fields[f]?.value === "string");
  if (!input.members || !plan.planned.some((p) => named(p).length > 0)) return;
  const members = new Set(await input.members());
  plan.planned = plan.planned.filter((p) => {
    const wrong = named(p).find((f) => !members.has(p.fields[f]?.value as string));
    const result = plan.results[p.table]?.[p.index];
    if (wrong === undefined || !result) return true;
    result.status = "rejected";
    result.reason = `${wrong}: must name a current member of this household.`;
    return false;
  });
}

function writeOp(p: PlannedRow): WriteOp {
  return {
    table: tableDef(p.table as TableName),
    change: { id: p.id, createdAt: p.createdAt, fields: p.fields },
    complete: p.complete,
    updatedAt: maxIso(...Object.values(p.fields).map((f) => f.ts)),
  };
}

/**
 * Merges every valid row in one atomic batch and reports per row: applied, stale (every value it
 * carried lost; here is the server's row), or rejected (with the reason). A numbered push (`seq`)
 * is applied at most once: a replay is answered from what the first arrival decided (its clamped
 * stamps and rejections) against the rows as they are now, with no merge and no conflict counted.
 */
export async function push(input: PushInput, rows: RowStore): Promise<PushOutcome> {
  const { scope, seq, clientId } = input;
  if (seq !== undefined) {
    const last = await rows.lastPush(scope, clientId);
    if (last && seq <= last.seq) return replay(input, rows, last);
  }
  const plan = planPush(input);
  await rejectNonMembers(input, plan);
  let merged: (SyncedRow | null)[] | undefined;
  // A concurrent push may fill the quota between the count and the write: the guard rolls this
  // write back, and it is fitted again against the new count (a third time, only deletes go).
  for (let attempt = 0; merged === undefined; attempt++) {
    const guard = input.quota ? await applyQuota(input, rows, plan, input.quota, attempt >= 2) : undefined;
    const claim = seq === undefined ? undefined : { clientId, seq, record: JSON.stringify(plan) };
    try {
      merged = await rows.write(scope, plan.planned.map(writeOp), plan.serverTime, claim, guard);
    } catch (err) {
      if (err instanceof QuotaRaced && attempt < 2) continue;
      // Another copy of this push committed first (a retry racing the original).
      const last = err instanceof PushReplayed ? await rows.lastPush(scope, clientId) : null;
      if (last) return replay(input, rows, last);
      throw err;
    }
  }
  // The UPSERT leaves a purged tombstone alone: answer with the skeleton, so the device drops the row.
  const refused = new Set(plan.planned.flatMap((_, i) => (merged[i] === null ? [i] : [])));
  if (refused.size > 0) {
    const skeletons = await currentRows(
      input.scope,
      rows,
      plan.planned.filter((_, i) => refused.has(i)),
    );
    plan.planned.forEach((p, i) => (merged[i] ??= skeletons.get(`${p.table}/${p.id}`) ?? null));
  }
  return outcome(plan, merged, Object.keys(input.changes), { countConflicts: true, skeletons: refused });
}

/**
 * Rejects, per row, what would take the household past its quota (in push order, what fits goes).
 * The common case costs one read of two counters; only near the quota are the new rows checked
 * against the rows that already exist. Returns the guard for the write batch.
 */
async function applyQuota(
  input: PushInput,
  rows: RowStore,
  plan: PushPlan,
  quota: Quota,
  onlyFree: boolean,
): Promise<QuotaGuard | undefined> {
  const usage = await rows.usage(input.scope);
  const tableOf = (p: PlannedRow) => tableDef(p.table as TableName);
  let estimates = plan.planned.map((p) => estimateRow(tableOf(p), p, false));
  let fits = fitRows(usage, onlyFree ? { maxRows: 0, maxBytes: 0 } : quota, estimates);
  if (!onlyFree && fits.includes(false)) {
    const existing = await currentRows(
      input.scope,
      rows,
      plan.planned.filter((p) => p.complete),
    );
    estimates = plan.planned.map((p) => estimateRow(tableOf(p), p, existing.has(`${p.table}/${p.id}`)));
    fits = fitRows(usage, quota, estimates);
  }
  const kept: PlannedRow[] = [];
  plan.planned.forEach((p, i) => {
    const result = plan.results[p.table]?.[p.index];
    if (fits[i] || !result) {
      kept.push(p);
      return;
    }
    result.status = "rejected";
    result.code = "quota_exceeded";
    result.reason = `quota_exceeded: your household has reached its storage limit (${quota.maxRows.toLocaleString("en")} items or ${formatBytes(quota.maxBytes)}). Delete something to make room.`;
  });
  plan.planned = kept;
  // Deletes alone cannot grow a household past anything worth guarding (a stamp each).
  return onlyFree ? undefined : { ...quota, rowsBefore: usage.rows, bytesBefore: usage.bytes };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}

/** The stored rows (skeletons of purged tombstones included) of planned rows, by `table/id`. */
async function currentRows(scope: Scope, rows: RowStore, planned: readonly PlannedRow[]) {
  const byTable = new Map<string, PlannedRow[]>();
  for (const p of planned) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);
  const current = new Map<string, SyncedRow>();
  for (const [table, list] of byTable) {
    const def = tableDef(table as TableName);
    const found = await rows.read(scope, def, [...new Set(list.map((p) => p.id))]);
    for (const row of found) current.set(`${table}/${row.id}`, row);
  }
  return current;
}

async function replay(input: PushInput, rows: RowStore, last: RecordedPush): Promise<PushOutcome> {
  if (input.seq !== last.seq || last.record === null) {
    throw new DomusError(
      "push_superseded",
      `Push ${input.seq} of this client was superseded by push ${last.seq}; nothing was changed.`,
    );
  }
  const plan = JSON.parse(last.record) as PushPlan;
  const current = await currentRows(input.scope, rows, plan.planned);
  const merged = plan.planned.map((p) => current.get(`${p.table}/${p.id}`) ?? null);
  const done = outcome(plan, merged, Object.keys(plan.results), { countConflicts: false, skeletons: new Set() });
  const now = new Date(input.nowMs).toISOString();
  return {
    response: { ...done.response, replayed: true },
    metadata: done.metadata.map((m) => ({ ...m, pushedAt: now })),
  };
}

/** The per-row answer from the rows after the merge (or, for a replay, as they are now). */
function outcome(
  plan: PushPlan,
  merged: (SyncedRow | null)[],
  tables: string[],
  /** `skeletons`: indexes whose write was refused because the row is a purged tombstone (always stale). */
  options: { countConflicts: boolean; skeletons: ReadonlySet<number> },
): PushOutcome {
  const results: Record<string, RowResult[]> = {};
  for (const [t, list] of Object.entries(plan.results)) results[t] = list.map((r) => ({ ...r }));
  const conflicts = new Map<string, number>();
  plan.planned.forEach((p, i) => {
    const result = results[p.table]?.[p.index];
    if (!result) return;
    const row = merged[i];
    if (!row) {
      result.status = "rejected";
      result.reason = p.complete
        ? "This id belongs to a row you cannot write."
        : "No such row: a new row must be complete (createdAt and every required field).";
      return;
    }
    const table = tableDef(p.table as TableName);
    const judged = judge(table, p.fields, row);
    if (options.countConflicts && judged.lostToDifferent > 0) {
      conflicts.set(p.table, (conflicts.get(p.table) ?? 0) + judged.lostToDifferent);
    }
    if (!judged.anyKept || options.skeletons.has(i)) {
      result.status = "stale";
      result.row = row;
    } else if (p.clamped) {
      result.row = row;
    }
  });
  const metadata: MetadataUpdate[] = tables.map((table) => ({
    table,
    pushedAt: plan.serverTime,
    conflicts: conflicts.get(table) ?? 0,
  }));
  return { response: { results, serverTime: plan.serverTime }, metadata };
}

/** Compares what was pushed with the row after the merge: which carried values are in it. */
function judge(
  table: TableDef,
  fields: Record<string, Stamped>,
  row: SyncedRow,
): { anyKept: boolean; lostToDifferent: number } {
  let anyKept = false;
  let lostToDifferent = 0;
  for (const [f, stamped] of Object.entries(fields)) {
    const kept = row.fieldUpdatedAt[f] === stamped.ts && sameValue(table, f, row[f], stamped.value);
    if (kept) anyKept = true;
    else if (!sameValue(table, f, row[f], stamped.value)) lostToDifferent++;
  }
  return { anyKept, lostToDifferent };
}
