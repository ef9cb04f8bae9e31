import { describe, expect, test } from "vitest";
import { joinHousehold, registerAccount, type Account } from "../../../test/server-helpers";
import type { SyncedRow } from "../../core/define-table";
import { type CompletionFacts, completionId, nextOccurrence, type RepeatRule } from "../../core/recurrence";
import { nextAssignee } from "../../core/rotation";
import { at, byId, fetchRow, pull, push, task } from "../../../test/sync-test-kit";

// Repeating chores through the real sync endpoints (local D1): completions are rows of their own,
// so members ticking the same occurrence offline keep both, and each member's device derives the same
// next occurrence and assignee from what it pulls, whatever order the pushes came in.

const WEEKLY: RepeatRule = { every: 1, unit: "week", from: "due" };

function completion(who: Account, occurrence: string, ts: string, doneOn = occurrence) {
  return {
    id: completionId("chore", occurrence, who.user.id),
    createdAt: ts,
    updatedAt: ts,
    taskId: "chore",
    occurrence,
    doneOn,
    completedAt: ts,
  };
}

async function view(who: Account) {
  const page = await pull(who, null, { limit: 5_000 });
  const chore = byId(page, "tasks").get("chore") as SyncedRow;
  const rows = [...byId(page, "taskCompletions").values()];
  const facts = rows as unknown as CompletionFacts[];
  return {
    rows,
    next: nextOccurrence(chore as never, facts),
    assignee: chore.rotation ? nextAssignee("chore", chore.rotation as never, facts) : null,
  };
}

describe("repeating chores under sync", () => {
  test.each([["a first"], ["b first"]])(
    "two members ticking one occurrence offline keep both completions and one next occurrence (%s)",
    async (order) => {
      const a = await registerAccount();
      const b = await joinHousehold(a);
      const rotation = { mode: "round-robin", members: [a.user.id, b.user.id] };
      await push(a, { tasks: [task("chore", at(0), { dueDate: "2026-03-02", repeat: WEEKLY, rotation })] });
      const fromA = completion(a, "2026-03-02", at(10));
      const fromB = completion(b, "2026-03-02", at(11), "2026-03-03");
      const pushes =
        order === "a first"
          ? [() => push(a, { taskCompletions: [fromA] }), () => push(b, { taskCompletions: [fromB] })]
          : [() => push(b, { taskCompletions: [fromB] }), () => push(a, { taskCompletions: [fromA] })];
      for (const p of pushes) expect((await p()).results()[0]?.status).toBe("applied");

      const seenByA = await view(a);
      const seenByB = await view(b);
      expect(seenByA.rows.map((r) => r.userId).sort()).toEqual([a.user.id, b.user.id].sort());
      expect(seenByA.next).toBe("2026-03-09");
      expect(seenByB.next).toBe("2026-03-09");
      // One turn was taken (one occurrence done), so the rotation moves on to b on both devices.
      expect(seenByA.assignee).toBe(b.user.id);
      expect(seenByB.assignee).toBe(b.user.id);
    },
  );

  test("the same member ticking on two devices is one completion; unticking brings the occurrence back", async () => {
    const a = await registerAccount();
    await push(a, { tasks: [task("chore", at(0), { dueDate: "2026-03-02", repeat: WEEKLY })] });
    await push(a, { taskCompletions: [completion(a, "2026-03-02", at(10))] });
    await push(a, { taskCompletions: [completion(a, "2026-03-02", at(12))] });
    expect((await view(a)).rows).toHaveLength(1);
    await push(a, {
      taskCompletions: [{ id: completionId("chore", "2026-03-02", a.user.id), updatedAt: at(20), deletedAt: at(20) }],
    });
    const after = await view(a);
    expect(after.rows[0]?.deletedAt).toBe(at(20));
    expect(after.next).toBe("2026-03-02");
  });

  test("a rule edited by another member applies from the next occurrence on every device", async () => {
    const a = await registerAccount();
    const b = await joinHousehold(a);
    await push(a, { tasks: [task("chore", at(0), { dueDate: "2026-03-02", repeat: WEEKLY })] });
    await push(a, { taskCompletions: [completion(a, "2026-03-02", at(5)), completion(a, "2026-03-09", at(6))] });
    const fridays: RepeatRule = { every: 1, unit: "week", weekdays: [5], from: "due" };
    expect((await push(b, { tasks: [{ id: "chore", updatedAt: at(10), repeat: fridays }] })).results()[0]?.status).toBe(
      "applied",
    );
    expect((await view(a)).next).toBe("2026-03-13");
    expect((await view(b)).rows).toHaveLength(2);
  });

  test("a malformed rule, rotation or completion is refused with a reason and changes nothing", async () => {
    const a = await registerAccount();
    await push(a, { tasks: [task("chore", at(0), { dueDate: "2026-03-02", repeat: WEEKLY })] });
    const bad = await push(a, {
      tasks: [
        { id: "chore", updatedAt: at(5), repeat: { every: 0, unit: "week", from: "due" } },
        { id: "chore", updatedAt: at(6), rotation: { mode: "round-robin", members: [] } },
      ],
    });
    expect(bad.results().map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const refused = await push(a, {
      taskCompletions: [{ ...completion(a, "2026-03-02", at(7)), occurrence: "2026-02-30" }],
    });
    expect(refused.results()[0]?.status).toBe("rejected");
    expect(await fetchRow(a, "tasks", "chore")).toMatchObject({ repeat: WEEKLY, rotation: null });
    expect((await view(a)).rows).toHaveLength(0);
  });
});
