import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createHlc } from "./hlc";
import { type RowChange, changeFromRow, sameValue } from "./merge-rows";
import type { TableName } from "./tables";
import { BASE_MS, FIELD_VALUES, tableNameArb, tableOf } from "./testing/arbitraries";
import { Replica, beats, expectedFields } from "./testing/replica";

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
