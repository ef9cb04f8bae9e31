import { isCompleteRow, type PushedRow, type SyncedRow, type TableDef } from "../../core/define-table";
import { changeFromPushed, sameValue } from "../../core/merge-rows";
import { type PushResponse, type RowResult } from "../../core/protocol";
import { isTableName, tableDef } from "../../core/tables";
import { clampToNow, maxIso } from "../../core/time";
import { DomusError } from "../../core/errors";
import { describeIssues } from "../http/read-body";
import type { RowStore, Scope, WriteOp } from "./row-store";
import type { MetadataUpdate } from "./metadata";

interface Planned {
  table: string;
  index: number;
  op: WriteOp;
  /** Some timestamp ran too far ahead and was clamped: the client must adopt the server's stamps. */
  clamped: boolean;
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

/**
 * Validates each row on its own (one bad row never blocks the rest), merges every valid one in one
 * atomic batch, and reports per row: applied, stale (every value it carried lost; here is the
 * server's row), or rejected (with the reason).
 */
export async function push(
  input: { changes: Record<string, unknown[]>; scope: Scope; nowMs: number; skewMs: number },
  rows: RowStore,
): Promise<{ response: PushResponse; metadata: MetadataUpdate[] }> {
  const serverTime = new Date(input.nowMs).toISOString();
  const results: Record<string, RowResult[]> = {};
  const planned: Planned[] = [];
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
        clamped,
        op: {
          table,
          change,
          complete: isCompleteRow(table, pushed),
          updatedAt: maxIso(...Object.values(change.fields).map((f) => f.ts)),
        },
      });
    });
  }

  const merged = await rows.write(
    input.scope,
    planned.map((p) => p.op),
    serverTime,
  );
  const conflicts = new Map<string, number>();
  planned.forEach((p, i) => {
    const result = results[p.table]?.[p.index];
    if (!result) return;
    const row = merged[i];
    if (!row) {
      result.status = "rejected";
      result.reason = p.op.complete
        ? "This id belongs to a row you cannot write."
        : "No such row: a new row must be complete (createdAt and every required field).";
      return;
    }
    const outcome = judge(p.op.table, p.op.change.fields, row);
    if (outcome.lostToDifferent > 0) conflicts.set(p.table, (conflicts.get(p.table) ?? 0) + outcome.lostToDifferent);
    if (!outcome.anyKept) {
      result.status = "stale";
      result.row = row;
    } else if (p.clamped) {
      result.row = row;
    }
  });

  const metadata: MetadataUpdate[] = Object.keys(input.changes).map((table) => ({
    table,
    pushedAt: serverTime,
    conflicts: conflicts.get(table) ?? 0,
  }));
  return { response: { results, serverTime }, metadata };
}

/** Compares what was pushed with the row after the merge: which carried values are in it. */
function judge(
  table: TableDef,
  fields: Record<string, { value: unknown; ts: string }>,
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
