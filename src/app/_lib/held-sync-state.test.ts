import type { SyncState } from "@/client";
import { INITIAL_STATE } from "../../client/sync-state";
import { describe, expect, test } from "vitest";
import { HOLD_MS, type Held, NOTHING_HELD, shownSyncState } from "./held-sync-state";

const live: SyncState = { ...INITIAL_STATE, lastSyncAt: "2026-12-01T04:00:00.000Z", live: true };
const waiting: SyncState = { ...live, pending: 1 };
const syncing: SyncState = { ...live, status: "syncing", pending: 1 };
const done: SyncState = { ...live, lastSyncAt: "2026-12-01T04:00:00.400Z" };
const offline: SyncState = { ...live, status: "offline", pending: 1 };
const failed: SyncState = { ...live, status: "error", pending: 1, error: "The server failed." };

/** The states shown for `states` arriving at the given times (ms), as the hook feeds them. */
function play(steps: [at: number, state: SyncState, asked?: boolean][]): SyncState[] {
  let held: Held = NOTHING_HELD;
  return steps.map(([at, state, asked]) => {
    const shown = shownSyncState(state, held, at, asked ?? false);
    held = shown.held;
    return shown.state;
  });
}

describe("what the sync indicator shows", () => {
  test("a change that syncs at once never leaves the calm state on screen", () => {
    expect(
      play([
        [0, live],
        [10, waiting],
        [210, syncing],
        [400, done],
      ]),
    ).toEqual([live, live, live, done]);
  });

  test("a wait or sync that lasts past the hold is shown, and calm comes back at once", () => {
    expect(
      play([
        [0, live],
        [10, waiting],
        [210, syncing],
        [10 + HOLD_MS, syncing],
        [3_000, done],
      ]),
    ).toEqual([live, live, live, syncing, done]);
  });

  test("the hold ends at a time the hook is told to look again", () => {
    const calm = shownSyncState(live, NOTHING_HELD, 0);
    const held = shownSyncState(waiting, calm.held, 10);
    expect(held.state).toBe(live);
    expect(held.wakeAt).toBe(10 + HOLD_MS);
    // Still within the stretch that began at 10: the same end.
    expect(shownSyncState(syncing, held.held, 500).wakeAt).toBe(10 + HOLD_MS);
  });

  test("offline and failures show at once, and so does what follows them", () => {
    expect(
      play([
        [0, live],
        [10, offline],
        [20, waiting],
      ]),
    ).toEqual([live, offline, waiting]);
    expect(
      play([
        [0, live],
        [10, failed],
        [20, syncing],
      ]),
    ).toEqual([live, failed, syncing]);
  });

  test("a sync the user asked for shows at once", () => {
    expect(
      play([
        [0, live],
        [10, syncing, true],
        [300, done],
      ]),
    ).toEqual([live, syncing, done]);
  });

  test("taps faster than their syncs keep the calm state on screen while each sync ends; a wait with no sync ending shows after the hold", () => {
    const at = (ms: number) => new Date(Date.parse(live.lastSyncAt!) + ms).toISOString();
    const steps: [number, SyncState][] = [[0, live]];
    // A tap every 200 ms; each sync ends 150 ms after its tap, while the next tap's change waits.
    for (let t = 100; t < 3_000; t += 200) {
      steps.push([t, { ...waiting, lastSyncAt: t === 100 ? live.lastSyncAt : at(t - 50) }]);
      steps.push([t + 100, { ...syncing, lastSyncAt: t === 100 ? live.lastSyncAt : at(t - 50) }]);
    }
    const shown = play(steps);
    expect(shown.every((s) => s.status === "idle" && s.pending === 0)).toBe(true);
    // The calm state shows the newest sync time it has seen.
    expect(shown.at(-1)!.lastSyncAt).toBe(at(2_900 - 50));

    // Then the syncs stop ending: the wait shows once the hold has passed since the last one ended
    // (seen at 2,900 ms).
    const last = at(2_850);
    const stuck = play([
      ...steps,
      [3_000, { ...waiting, lastSyncAt: last }],
      [2_900 + HOLD_MS - 1, { ...syncing, lastSyncAt: last }],
      [2_900 + HOLD_MS, { ...syncing, lastSyncAt: last }],
    ]).slice(-3);
    expect(stuck.map((s) => s.status)).toEqual(["idle", "idle", "syncing"]);
  });

  test("before anything calm was shown, nothing is held back (the first download shows its progress)", () => {
    expect(play([[0, syncing]])).toEqual([syncing]);
  });
});
