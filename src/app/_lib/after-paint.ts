/**
 * Local writes started once the frame after the current event has been painted. A write started
 * in a key press or click handler runs its synchronous part before React commits the row, and its
 * transaction callbacks and the live query's re-read of the list land between the commit and the
 * paint, so the row the user just made reaches the screen a frame or two late.
 *
 * Queued work runs in the order it was queued, all together: after requestAnimationFrame (the frame
 * is being drawn), a task (the frame is painted; a message task, which Chromium runs before timers)
 * and one more task, so code that also waits "a task after the frame" for that frame (the bench's
 * observer, a screen reader's) runs first. A hidden page draws no frames: a timer runs the queue
 * anyway after `FALLBACK_MS`, and the queue runs at once when the page is hidden or left, so work is
 * delayed by a frame, never held back.
 */
const FALLBACK_MS = 100;

let queue: (() => void)[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

export function afterPaint(fn: () => void): void {
  queue.push(fn);
  if (queue.length > 1) return; // a run is scheduled already
  timer = setTimeout(flushAfterPaint, FALLBACK_MS);
  if (typeof requestAnimationFrame === "function" && typeof MessageChannel === "function") {
    requestAnimationFrame(() => afterTask(() => afterTask(flushAfterPaint)));
  }
  if (typeof document !== "undefined") {
    document.addEventListener("visibilitychange", flushAfterPaint);
    addEventListener("pagehide", flushAfterPaint);
  }
}

/** Runs what is queued now (a no-op when nothing is). */
export function flushAfterPaint(): void {
  if (queue.length === 0) return;
  const run = queue;
  queue = [];
  clearTimeout(timer);
  if (typeof document !== "undefined") {
    document.removeEventListener("visibilitychange", flushAfterPaint);
    removeEventListener("pagehide", flushAfterPaint);
  }
  for (const fn of run) {
    try {
      fn();
    } catch (err) {
      // One failing piece of work must not keep the others from running; the error is still reported.
      setTimeout(() => {
        throw err;
      });
    }
  }
}

function afterTask(fn: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(null);
}
