import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterPaint, flushAfterPaint } from "./after-paint";

// In Node there are no frames (no requestAnimationFrame): the queue runs on its fallback timer, as in
// a hidden tab. The browser path (after the next painted frame) is exercised by the e2e tests, whose
// adds and ticks reach IndexedDB and the server through it.
describe("afterPaint", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    flushAfterPaint();
    vi.useRealTimers();
  });

  it("runs queued work later, in the order it was queued, even when no frame is drawn", () => {
    const ran: string[] = [];
    afterPaint(() => ran.push("add"));
    afterPaint(() => ran.push("tick"));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(99);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(["add", "tick"]);
    vi.advanceTimersByTime(1_000);
    expect(ran).toEqual(["add", "tick"]);
  });

  it("runs the queue at once when flushed (the page is hidden or left), and only once", () => {
    const ran: string[] = [];
    afterPaint(() => ran.push("add"));
    flushAfterPaint();
    expect(ran).toEqual(["add"]);
    vi.advanceTimersByTime(1_000);
    expect(ran).toEqual(["add"]);
  });

  it("runs the rest of the queue when one piece of work throws, and still reports the error", () => {
    const ran: string[] = [];
    afterPaint(() => {
      throw new Error("refused");
    });
    afterPaint(() => ran.push("tick"));
    flushAfterPaint();
    expect(ran).toEqual(["tick"]);
    expect(() => vi.runOnlyPendingTimers()).toThrow("refused");
  });
});
