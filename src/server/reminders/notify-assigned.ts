import type { PushResponse } from "../../core/protocol";
import { assignedMessage } from "../../core/reminders";
import { tableDef } from "../../core/tables";
import type { Deps } from "../deps";
import type { RowStore, Scope } from "../sync/row-store";
import { memberSwitch } from "./member-switch";
import { sendToMember } from "./send-push";
import { vapidKeys } from "./vapid";

/** A push's tasks that name another member as assignee, with whom each named before the push. */
export interface AssignmentWatch {
  /** Task id → the member the push assigns it to. */
  assigns: Map<string, string>;
  /** Task id → the assignee stored before the push (null: none, or a new task). */
  before: Map<string, string | null>;
}

function assignsOf(changes: Record<string, unknown[]>, pusherId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of changes.tasks ?? []) {
    if (typeof raw !== "object" || raw === null) continue;
    const { id, assigneeId } = raw as { id?: unknown; assigneeId?: unknown };
    if (typeof id === "string" && typeof assigneeId === "string" && assigneeId !== pusherId) out.set(id, assigneeId);
  }
  return out;
}

/**
 * Before a push: which of its tasks give a chore to someone else, and who had them. Clients push
 * only changed fields, so this reads rows only for a push that sets another member as assignee.
 * Null when nothing is to be watched (no such task, or the server sends no push).
 */
export async function watchAssignments(
  deps: Deps,
  rows: RowStore,
  scope: Scope,
  changes: Record<string, unknown[]>,
): Promise<AssignmentWatch | null> {
  if (!vapidKeys(deps.env)) return null;
  const assigns = assignsOf(changes, scope.userId);
  if (assigns.size === 0) return null;
  const current = await rows.read(scope, tableDef("tasks"), [...assigns.keys()]);
  const before = new Map<string, string | null>();
  for (const row of current) before.set(row.id, typeof row.assigneeId === "string" ? row.assigneeId : null);
  return { assigns, before };
}

/**
 * After the push: every watched task that the push really gave to another member (their value won
 * the merge and differs from before; the task is live and not done) notifies that member, when
 * their "assigned" switch is on. Runs after the response (deps.waitUntil) and never fails the push.
 */
export function notifyAssigned(
  deps: Deps,
  input: { rows: RowStore; scope: Scope; pusherName: string; watch: AssignmentWatch | null; pushed: PushResponse },
): void {
  const { watch, pushed } = input;
  if (!watch || pushed.replayed) return;
  const applied = (pushed.results.tasks ?? []).filter((r) => r.status === "applied" && watch.assigns.has(r.id));
  if (applied.length === 0) return;
  deps.waitUntil(
    (async () => {
      const vapid = vapidKeys(deps.env);
      if (!vapid) return;
      const after = await input.rows.read(input.scope, tableDef("tasks"), [...new Set(applied.map((r) => r.id))]);
      for (const row of after) {
        const to = watch.assigns.get(row.id);
        const newly = to !== undefined && row.assigneeId === to && (watch.before.get(row.id) ?? null) !== to;
        if (!newly || row.deletedAt !== null || row.completedAt !== null) continue;
        const member = { householdId: input.scope.householdId, userId: to };
        if (!(await memberSwitch(input.rows, member, "assigned"))) continue;
        const message = assignedMessage(String(row.title), input.pusherName, row.id);
        const result = await sendToMember({ db: deps.db, vapid, logger: deps.logger }, member, message);
        deps.logger.info("push_assigned", { householdId: member.householdId, ...result });
      }
    })().catch((err) => deps.logger.error("push: assignment notice failed", { error: String(err) })),
  );
}
