import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { SyncedRow, TableDef } from "./define-table";
import { type RowChange, changeFromRow, mergeRow } from "./merge-rows";
import type { TableName } from "./tables";
import { BASE_MS, FIELD_VALUES, tableNameArb, tableOf } from "./testing/arbitraries";
import { Replica, beats, seedRow } from "./testing/replica";
import { clampToNow, toIso } from "./time";

// Protocol v2 in the pure core: a model server (clamping, numbered pushes answered from their record,
// purge skeletons that refuse every write) and devices with skewed clocks (some hours fast) whose
// answers get lost, so they replay; old devices that do not send every field. Histories are random;
// the server must never lose an acknowledged write to a replay, never resurrect a purged delete, and
// every device that pulls must end exactly at the server's state.

const IDS = ["r0", "r1", "r2"];
const SKEW_MS = 600_000;
const HOUR = 3_600_000;

class ModelServer {
  readonly rows = new Map<string, SyncedRow>();
  readonly purged = new Set<string>();
  /** Per client: the last push number applied and the changes it decided (clamped once). */
  readonly log = new Map<number, { seq: number; decided: RowChange[] }>();
  /** Every change the server decided, in order (what the oracle replays). */
  readonly decided: RowChange[] = [];

  constructor(readonly table: TableDef) {
    for (const id of IDS) this.rows.set(id, seedRow(table, id));
  }

  push(client: number, seq: number, changes: RowChange[], nowMs: number): "applied" | "replayed" | "superseded" {
    const last = this.log.get(client);
    if (last && seq === last.seq) return "replayed";
    if (last && seq < last.seq) return "superseded";
    const decided = changes.map((c) => ({
      ...c,
      fields: Object.fromEntries(
        Object.entries(c.fields).map(([f, s]) => [f, { value: s.value, ts: clampToNow(s.ts, nowMs, SKEW_MS) }]),
      ),
    }));
    for (const change of decided) {
      if (this.purged.has(change.id)) continue; // A skeleton refuses every write.
      const current = this.rows.get(change.id) as SyncedRow;
      this.rows.set(change.id, mergeRow(this.table, current, change).row);
      this.decided.push(change);
    }
    this.log.set(client, { seq, decided });
    return "applied";
  }

  purge(): void {
    for (const [id, row] of this.rows) if (row.deletedAt !== null) this.purged.add(id);
  }

  /** What a pull from null returns: skeletons are never pulled. */
  visible(): Record<string, SyncedRow> {
    return Object.fromEntries(
      [...this.rows].filter(([id]) => !this.purged.has(id)).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
}

type Step =
  | { kind: "edit"; device: number; row: number; fields: string[]; values: Record<string, unknown>; advanceMs: number }
  | { kind: "delete" | "undelete"; device: number; row: number; advanceMs: number }
  | { kind: "push"; device: number; loseAnswer: boolean }
  | { kind: "purge" };

function stepArb(name: TableName, devices: number): fc.Arbitrary<Step> {
  const editable = Object.keys(FIELD_VALUES[name]).filter((f) => f !== "deletedAt");
  const device = fc.nat(devices - 1);
  const row = fc.nat(IDS.length - 1);
  const advanceMs = fc.oneof(fc.nat(2), fc.nat(5_000));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("edit" as const),
        device,
        row,
        fields: fc.subarray(editable, { minLength: 1 }),
        values: fc.record(FIELD_VALUES[name] as Record<string, fc.Arbitrary<unknown>>),
        advanceMs,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constantFrom("delete" as const, "undelete" as const), device, row, advanceMs }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("push" as const), device, loseAnswer: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: "purge" as const }) },
  );
}

const historyArb = tableNameArb.chain((name) =>
  fc.integer({ min: 2, max: 4 }).chain((devices) =>
    fc.record({
      name: fc.constant(name),
      // Some devices run hours fast: their stamps are clamped by the server.
      skews: fc.array(fc.oneof(fc.integer({ min: -5_000, max: 5_000 }), fc.constantFrom(2 * HOUR, 5 * HOUR)), {
        minLength: devices,
        maxLength: devices,
      }),
      steps: fc.array(stepArb(name, devices), { minLength: 1, maxLength: 40 }),
    }),
  ),
);

interface Device {
  pending: RowChange[];
  seq: number;
  inflight: { seq: number; changes: RowChange[] } | null;
  last: number;
}

describe("protocol v2 histories (replays, fast clocks, purges)", () => {
  test("replays change nothing, purged deletes stay deleted, and every pulling device ends at the server's state", () => {
    fc.assert(
      fc.property(historyArb, ({ name, skews, steps }) => {
        const table = tableOf(name);
        const server = new ModelServer(table);
        let t = BASE_MS;
        const devices: Device[] = skews.map(() => ({ pending: [], seq: 0, inflight: null, last: 0 }));
        const stamp = (d: number) => {
          const dev = devices[d] as Device;
          dev.last = Math.max(dev.last + 1, t + (skews[d] ?? 0));
          return toIso(dev.last);
        };
        for (const step of steps) {
          if (step.kind === "purge") {
            server.purge();
            continue;
          }
          const dev = devices[step.device] as Device;
          if (step.kind === "push") {
            // An unanswered push goes again, unchanged; otherwise the pending changes, numbered.
            const request = dev.inflight ?? (dev.pending.length ? { seq: dev.seq + 1, changes: dev.pending } : null);
            if (!request) continue;
            dev.seq = request.seq;
            dev.pending = dev.inflight ? dev.pending : [];
            const before = JSON.stringify([...server.rows.entries()]);
            const outcome = server.push(step.device, request.seq, request.changes, t);
            if (outcome === "replayed") expect(JSON.stringify([...server.rows.entries()])).toBe(before);
            dev.inflight = step.loseAnswer ? request : null;
            continue;
          }
          t += step.advanceMs;
          const ts = stamp(step.device);
          const id = IDS[step.row] ?? "r0";
          const fields: RowChange["fields"] = {};
          if (step.kind === "delete") fields.deletedAt = { value: ts, ts };
          else if (step.kind === "undelete") fields.deletedAt = { value: null, ts };
          // Old builds leave some fields out; what is sent is stamped, what is not is untouched.
          else if (step.kind === "edit") for (const f of step.fields) fields[f] = { value: step.values[f], ts };
          dev.pending = [...dev.pending, { id, fields }];
        }

        // No acknowledged write is lost: each field holds the best of the decided (clamped once) writes.
        for (const id of IDS) {
          const row = server.rows.get(id) as SyncedRow;
          if (server.purged.has(id)) {
            expect(row.deletedAt).not.toBeNull();
            continue;
          }
          const seed = seedRow(table, id);
          for (const f of table.mergeFields) {
            let best = { value: seed[f], ts: seed.fieldUpdatedAt[f] ?? seed.updatedAt };
            for (const c of server.decided) {
              const s = c.id === id ? c.fields[f] : undefined;
              if (s && beats(table, f, s, best)) best = s;
            }
            expect(row[f]).toEqual(best.value);
          }
        }

        // Devices that pull from null (a resync) hold exactly what the server shows.
        const fresh = new Replica(table, []);
        for (const row of Object.values(server.visible())) fresh.apply(changeFromRow(table, row));
        expect(Object.keys(fresh.snapshot())).toEqual(Object.keys(server.visible()));
        for (const [id, row] of Object.entries(fresh.snapshot())) {
          const expected = server.visible()[id] as SyncedRow;
          for (const f of table.mergeFields) expect(row[f]).toEqual(expected[f]);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
