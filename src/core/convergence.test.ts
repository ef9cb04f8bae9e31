import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addDays } from "./calendar-date";
import type { TableDef } from "./define-table";
import { createHlc } from "./hlc";
import { type RowChange, changeFromRow, sameValue } from "./merge-rows";
import { type CompletionFacts, type RepeatRule, completionId, nextOccurrence } from "./recurrence";
import { type Rotation, nextAssignee } from "./rotation";
import { TABLES, type TableName } from "./tables";
import { BASE_MS, FIELD_VALUES, tableNameArb, tableOf } from "./testing/arbitraries";
import { Replica, beats, expectedFields } from "./testing/replica";
import { toIso } from "./time";

// Several devices with skewed clocks edit, delete and undelete a few shared rows. Their changes reach
// each replica in its own random order, duplicated (retries) and interleaved with full-row syncs from
// other replicas. Every replica must end identical, and equal to an oracle computed without mergeRow.

const IDS = ["r0", "r1", "r2"];

type Kind = "edit" | "delete" | "undelete";
interface Action {
  device: number;
  row: number;
  kind: Kind;
  values: Record<string, unknown>;
  fields: string[];
  advanceMs: number;
}

function actionArb(name: TableName, devices: number) {
  const editable = Object.keys(FIELD_VALUES[name]).filter((f) => f !== "deletedAt");
  return fc.record({
    device: fc.nat(devices - 1),
    row: fc.nat(IDS.length - 1),
    kind: fc.constantFrom<Kind>("edit", "edit", "edit", "delete", "undelete"),
    values: fc.record(FIELD_VALUES[name] as Record<string, fc.Arbitrary<unknown>>),
    fields: fc.subarray(editable, { minLength: 1 }),
    // Mostly the same or the next millisecond, so devices often stamp equal timestamps (ties).
    advanceMs: fc.oneof(fc.nat(2), fc.nat(2), fc.nat(1_500)),
  });
}

const scenarioArb = tableNameArb.chain((name) =>
  fc.integer({ min: 2, max: 4 }).chain((devices) =>
    fc.record({
      name: fc.constant(name),
      skews: fc.array(fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -120_000, max: 120_000 })), {
        minLength: devices,
        maxLength: devices,
      }),
      actions: fc.array(actionArb(name, devices), { minLength: 1, maxLength: 30 }),
      // Per replica: a sort key per delivery (its arrival order), replays, and full-row syncs.
      deliveries: fc.array(
        fc.record({
          order: fc.array(fc.double({ noNaN: true }), { minLength: 30, maxLength: 30 }),
          replays: fc.array(fc.nat(), { maxLength: 10 }),
          gossip: fc.array(fc.record({ at: fc.nat(), from: fc.nat(), row: fc.nat(IDS.length - 1) }), { maxLength: 6 }),
        }),
        { minLength: 2, maxLength: 4 },
      ),
    }),
  ),
);

/** Turns actions into the changes devices stamp with their own hybrid logical clocks. */
function stampChanges(name: TableName, skews: number[], actions: Action[]): RowChange[] {
  let t = BASE_MS;
  const clocks = skews.map((skew) => createHlc({ now: () => t + skew }));
  return actions.map((a) => {
    t += a.advanceMs;
    const ts = (clocks[a.device] ?? createHlc()).now();
    const fields: RowChange["fields"] = {};
    if (a.kind === "delete") fields.deletedAt = { value: ts, ts };
    else if (a.kind === "undelete") fields.deletedAt = { value: null, ts };
    else for (const f of a.fields) fields[f] = { value: a.values[f], ts };
    return { id: IDS[a.row] ?? "r0", fields };
  });
}

describe("replicas converge", () => {
  test("whatever the order, duplication and clock skew, every replica ends with the same rows", () => {
    fc.assert(
      fc.property(scenarioArb, ({ name, skews, actions, deliveries }) => {
        const table = tableOf(name);
        const changes = stampChanges(name, skews, actions);
        const replicas = deliveries.map(() => new Replica(table, IDS));
        deliveries.forEach((d, r) => {
          const replica = replicas[r] as Replica;
          const order = changes
            .map((c, i) => ({ c, key: d.order[i % d.order.length] ?? 0, i }))
            .sort((a, b) => a.key - b.key || a.i - b.i)
            .map((x) => x.c);
          const queue = [...order, ...d.replays.map((k) => changes[k % changes.length] as RowChange)];
          queue.forEach((change, step) => {
            replica.apply(change);
            for (const g of d.gossip.filter((x) => x.at % queue.length === step)) {
              // A full row from another replica, as a pull delivers it.
              const other = replicas[g.from % replicas.length]?.rows.get(IDS[g.row] ?? "r0");
              if (other) replica.apply(changeFromRow(table, other));
            }
          });
        });
        const [first, ...rest] = replicas.map((r) => r.snapshot());
        for (const other of rest) expect(other).toEqual(first);
      }),
      { numRuns: 400 },
    );
  });

  test("every replica holds, per field, the latest write (ties to the greater value): no write is lost", () => {
    fc.assert(
      fc.property(scenarioArb, ({ name, skews, actions, deliveries }) => {
        const table = tableOf(name);
        const changes = stampChanges(name, skews, actions);
        const replica = new Replica(table, IDS);
        const order = deliveries[0]?.order ?? [];
        changes
          .map((c, i) => ({ c, key: order[i % order.length] ?? 0, i }))
          .sort((a, b) => a.key - b.key || a.i - b.i)
          .forEach(({ c }) => replica.apply(c));
        const expected = expectedFields(table, IDS, changes);
        for (const id of IDS) {
          const row = replica.rows.get(id);
          const want = expected[id] ?? {};
          for (const f of table.mergeFields) {
            expect(row?.[f]).toEqual(want[f]?.value);
            expect(row?.fieldUpdatedAt[f]).toBe(want[f]?.ts);
          }
          expect(row?.updatedAt).toBe(
            table.mergeFields
              .map((f) => want[f]?.ts ?? "")
              .sort()
              .at(-1),
          );
        }
        // Said the other way round: each acknowledged value survives unless something beat it.
        for (const change of changes) {
          const row = replica.rows.get(change.id);
          for (const [f, stamped] of Object.entries(change.fields)) {
            const final = { value: row?.[f], ts: row?.fieldUpdatedAt[f] ?? "" };
            const kept = final.ts === stamped.ts && sameValue(table, f, final.value, stamped.value);
            expect(kept || beats(table, f, final, stamped)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test("an edit made after seeing a row beats what was seen, however far behind the device's clock is", () => {
    fc.assert(
      fc.property(scenarioArb, ({ name, skews, actions }) => {
        const table = tableOf(name);
        let t = BASE_MS;
        const server = new Replica(table, IDS);
        const clocks = skews.map((skew) => createHlc({ now: () => t + skew }));
        for (const a of actions) {
          t += a.advanceMs;
          const clock = clocks[a.device] ?? createHlc();
          const id = IDS[a.row] ?? "r0";
          const seen = server.rows.get(id);
          // The device pulls the row first (its clock observes every field timestamp), then edits.
          for (const ts of Object.values(seen?.fieldUpdatedAt ?? {})) clock.observe(ts);
          const ts = clock.now();
          const field = a.kind === "edit" ? (a.fields[0] ?? "deletedAt") : "deletedAt";
          const value = a.kind === "edit" ? a.values[field] : a.kind === "delete" ? ts : null;
          server.apply({ id, fields: { [field]: { value, ts } } });
          expect(server.rows.get(id)?.[field]).toEqual(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Repeating chores: members tick (and sometimes untick) the occurrence their own device shows as
// next, offline, from a shared starting history. Whatever order the completion rows then reach the
// server and each device (duplicated, interleaved), every replica keeps every tick in the history and
// derives the same single next occurrence and the same next assignee.
describe("repeating chores converge", () => {
  const completions = TABLES.taskCompletions as TableDef;
  const RULES: RepeatRule[] = [
    { every: 1, unit: "day", from: "due" },
    { every: 2, unit: "week", weekdays: [1, 4], from: "due" },
    { every: 1, unit: "month", monthDay: 31, from: "completion" },
    { every: 3, unit: "day", from: "completion" },
  ];
  const MEMBERS = ["alice", "bob", "carol"];
  const TASK = { id: "chore", dueDate: "2026-01-31", createdAt: "2026-01-30T08:00:00.000Z" };

  const choreArb = fc.record({
    rule: fc.constantFrom(...RULES),
    rotation: fc.constantFrom<Rotation>(
      { mode: "round-robin", members: MEMBERS },
      { mode: "least-done", members: MEMBERS },
    ),
    shared: fc.nat(3),
    // Per member, offline: how many occurrences they tick in a row, and whether they then untick one.
    offline: fc.array(fc.record({ ticks: fc.integer({ min: 0, max: 3 }), untick: fc.boolean(), lateDays: fc.nat(4) }), {
      minLength: MEMBERS.length,
      maxLength: MEMBERS.length,
    }),
    orders: fc.array(fc.array(fc.double({ noNaN: true }), { minLength: 40, maxLength: 40 }), {
      minLength: 2,
      maxLength: 4,
    }),
    replays: fc.array(fc.nat(), { maxLength: 8 }),
  });

  type Tick = { change: RowChange; member: string; occurrence: string; live: boolean };

  /** Rows of a replica as the derivation reads them (`userId` is the member who pushed it first). */
  function facts(replica: Replica, owners: Map<string, string>): CompletionFacts[] {
    return [...replica.rows.values()].map((r) => ({
      taskId: r.taskId as string,
      occurrence: r.occurrence as string,
      doneOn: r.doneOn as string,
      userId: owners.get(r.id) ?? "",
      deletedAt: r.deletedAt,
    }));
  }

  test("both ticks are kept and every replica derives one and the same next occurrence and assignee", () => {
    fc.assert(
      fc.property(choreArb, ({ rule, rotation, shared, offline, orders, replays }) => {
        const chore = { ...TASK, repeat: rule };
        let t = BASE_MS;
        const owners = new Map<string, string>();
        const tick = (member: string, occurrence: string, doneOn: string): Tick => {
          const ts = toIso((t += 1));
          const id = completionId(chore.id, occurrence, member);
          owners.set(id, member);
          const value = { taskId: chore.id, occurrence, doneOn, completedAt: ts, deletedAt: null };
          const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, { value: v, ts }]));
          return { change: { id, createdAt: ts, fields }, member, occurrence, live: true };
        };
        // Unticking before a push: the device's outbox holds one entry per row, so the row goes out
        // once, created and deleted (a later `deletedAt` stamp on the same change).
        const untick = (x: Tick): Tick => {
          const ts = toIso((t += 1));
          return {
            ...x,
            change: { ...x.change, fields: { ...x.change.fields, deletedAt: { value: ts, ts } } },
            live: false,
          };
        };

        // The history every device had before going offline.
        const base = new Replica(completions, []);
        for (let i = 0; i < shared; i++) {
          const occ = nextOccurrence(chore, facts(base, owners)) ?? "";
          base.apply(tick(MEMBERS[i % MEMBERS.length] ?? "alice", occ, occ).change);
        }
        const sharedNext = nextOccurrence(chore, facts(base, owners)) ?? "";

        // Offline, each member works on a copy of that history.
        const ticks: Tick[] = [];
        offline.forEach((plan, m) => {
          const member = MEMBERS[m] ?? "alice";
          const device = new Replica(completions, []);
          for (const row of base.rows.values()) device.apply(changeFromRow(completions, row));
          const mine: Tick[] = [];
          for (let i = 0; i < plan.ticks; i++) {
            const occ = nextOccurrence(chore, facts(device, owners)) ?? "";
            const made = tick(member, occ, addDays(occ, plan.lateDays));
            device.apply(made.change);
            mine.push(made);
          }
          const last = mine.pop();
          if (last) mine.push(plan.untick ? untick(last) : last);
          ticks.push(...mine);
        });

        const replicas = orders.map((order) => {
          const r = new Replica(completions, []);
          for (const row of base.rows.values()) r.apply(changeFromRow(completions, row));
          const queue = ticks
            .map((x, i) => ({ x, key: order[i % order.length] ?? 0, i }))
            .sort((a, b) => a.key - b.key || a.i - b.i)
            .map(({ x }) => x.change);
          for (const c of [...queue, ...replays.map((k) => ticks[k % Math.max(ticks.length, 1)]?.change)]) {
            if (c) r.apply(c);
          }
          return r;
        });

        const [first, ...rest] = replicas.map((r) => r.snapshot());
        for (const other of rest) expect(other).toEqual(first);
        const nexts = replicas.map((r) => nextOccurrence(chore, facts(r, owners)));
        const assignees = replicas.map((r) => nextAssignee(chore.id, rotation, facts(r, owners)));
        expect(new Set(nexts).size).toBe(1);
        expect(new Set(assignees).size).toBe(1);

        // Every member's tick of an occurrence is in the history (as its own row) unless they unticked it.
        const history = facts(replicas[0] as Replica, owners).filter((c) => c.deletedAt === null);
        const finalState = new Map<string, boolean>();
        for (const x of ticks) finalState.set(`${x.member}/${x.occurrence}`, x.live);
        for (const [key, live] of finalState) {
          const [member, occurrence] = key.split("/");
          const kept = history.some((c) => c.userId === member && c.occurrence === occurrence);
          expect(kept).toBe(live);
        }
        // Members who each ticked just the shared next occurrence (and kept it) moved the chore on by
        // exactly one occurrence: as if only the latest of their ticks had happened.
        const onlyShared = ticks.length > 0 && ticks.every((x) => x.occurrence === sharedNext && x.live);
        if (onlyShared) {
          const doneOn = (x: Tick) => String(x.change.fields.doneOn?.value);
          const latest = ticks.reduce((a, b) => (doneOn(b) > doneOn(a) ? b : a));
          const oneStep = new Replica(completions, []);
          for (const row of base.rows.values()) oneStep.apply(changeFromRow(completions, row));
          oneStep.apply(latest.change);
          expect(nexts[0]).toBe(nextOccurrence(chore, facts(oneStep, owners)));
          expect(nexts[0]! > sharedNext).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
