import { describe, expect, test } from "vitest";
import { type Overlay, applyOverlays, isReflected, keepShown } from "./optimistic-rows";

interface Row {
  id: string;
  updatedAt: string;
  name: string;
  checked: boolean;
}

const row = (id: string, updatedAt = "t1", checked = false): Row => ({ id, updatedAt, name: id, checked });
const byId = (rows: Row[]) => new Map(rows.map((r) => [r.id, r]));

describe("pending writes over live rows", () => {
  test("a drafted row shows after the live rows until they hold its id, then the live row is shown", () => {
    const live = [row("a"), row("b")];
    const draft = row("c", "draft");
    const pending: Overlay<Row>[] = [{ kind: "add", row: draft }];
    expect(applyOverlays(live, pending).map((r) => r.id)).toEqual(["a", "b", "c"]);
    const committed = [...live, row("c", "t2")];
    expect(isReflected(pending[0]!, byId(committed))).toBe(true);
    const shown = applyOverlays(committed, pending);
    expect(shown.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(shown[2]).toBe(committed[2]);
  });

  test("unchanged rows keep their identity, so memoized rows skip their render", () => {
    const live = [row("a"), row("b")];
    const shown = applyOverlays(live, [
      { kind: "patch", id: "b", patch: { checked: true }, base: "t1", committed: false },
    ]);
    expect(shown[0]).toBe(live[0]);
    expect(shown[1]).toEqual({ ...live[1], checked: true });
    expect(applyOverlays(live, [])).toBe(live);
  });

  test("a tick is shown until its write commits and the live row is newer than the one ticked", () => {
    const before = [row("a", "t1")];
    const tick: Overlay<Row> = { kind: "patch", id: "a", patch: { checked: true }, base: "t1", committed: false };
    // A live re-read that does not hold the write yet (started before the commit) keeps the tick.
    expect(applyOverlays([row("a", "t1")], [tick])[0]?.checked).toBe(true);
    // Another change arriving before the commit does not drop the tick either.
    expect(applyOverlays([row("a", "t0.5")], [tick])[0]?.checked).toBe(true);
    const done = { ...tick, committed: true };
    expect(isReflected(done, byId(before))).toBe(false);
    const after = [row("a", "t2", true)];
    expect(isReflected(done, byId(after))).toBe(true);
    expect(applyOverlays(after, [done])[0]).toBe(after[0]);
  });

  test("two ticks of one row: the later one wins while both are pending", () => {
    const live = [row("a")];
    const shown = applyOverlays(live, [
      { kind: "patch", id: "a", patch: { checked: true }, base: "t1", committed: false },
      { kind: "patch", id: "a", patch: { checked: false }, base: "t1", committed: false },
    ]);
    expect(shown[0]?.checked).toBe(false);
  });

  test("a pending row ticked before its add commits shows ticked", () => {
    const draft = row("c", "draft");
    const shown = applyOverlays(
      [row("a")],
      [
        { kind: "add", row: draft },
        { kind: "patch", id: "c", patch: { checked: true }, base: "draft", committed: false },
      ],
    );
    expect(shown.map((r) => [r.id, r.checked])).toEqual([
      ["a", false],
      ["c", true],
    ]);
  });

  test("a tick's commit shows the same rows: the list shown before is handed out again", () => {
    const live = [row("a"), row("b")];
    const tick: Overlay<Row> = { kind: "patch", id: "b", patch: { checked: true }, base: "t1", committed: false };
    const before = applyOverlays(live, [tick]);
    const committed = keepShown(before, applyOverlays(live, [{ ...tick, committed: true }]));
    expect(committed).toBe(before);
    // The live rows holding the write show new data (its stamp): they are shown, not the patched row.
    const after = [row("a"), row("b", "t2", true)];
    const shown = keepShown(committed, applyOverlays(after, [{ ...tick, committed: true }]));
    expect(shown).toBe(after);
    // Another row, or another order, is another list.
    expect(keepShown(after, [after[1]!, after[0]!]).map((r) => r.id)).toEqual(["b", "a"]);
    expect(keepShown(after, [...after, row("c")])).toHaveLength(3);
    expect(keepShown(undefined, after)).toBe(after);
  });
});
