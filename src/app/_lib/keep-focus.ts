/**
 * Ticking an item or completing a chore moves its row to another list, so the checkbox that had
 * focus leaves the page and focus would fall to the document: a keyboard user would be sent back to
 * the top. Called from the checkbox's change handler, before the row moves: once React has
 * committed, if that checkbox is gone and nothing else took focus, focus goes to the checkbox that
 * followed it among the page's rows still to do (the one before it at the end of the list), else to
 * the moved row's own checkbox (the same id).
 */
export function keepFocusOnRows(input: HTMLInputElement): void {
  if (document.activeElement !== input) return;
  const open = (b: HTMLInputElement | null | undefined) => (b && !b.checked && b !== input ? b : undefined);
  // Usually a row of the same list follows (or precedes) it: found by walking its siblings, not by
  // querying every checkbox of the page (~2 ms with 1,000 rows, in the click, before the row moves).
  let { after, before } = neighbours(input, open);
  if (!after) {
    // The last row still to do of its list: the next one is in a later list, so the page's rows in order.
    const main = input.closest("main") ?? document;
    const boxes = [...main.querySelectorAll<HTMLInputElement>(ROW_BOXES)];
    const at = boxes.indexOf(input);
    after = boxes.slice(at + 1).find((b) => open(b));
    before = boxes
      .slice(0, Math.max(0, at))
      .reverse()
      .find((b) => open(b));
  }
  // Focus leaves the box now, before React removes its row: removing the focused element in the
  // middle of React's commit made Chromium lay the half-updated page out inside removeChild (2–4 ms
  // of a tick); a blur here, with the page not yet changed, does not lay it out.
  input.blur();
  // The row usually goes in the commit of this event; a few frames cover a later render. Each look is
  // in the task after a frame, not in the frame's own callbacks: the frame that shows the moved row
  // is painted first, and the focus ring follows in the next. (Focused inside that frame, before it
  // was painted, the box's focus, its focus events and the style and layout it forces made the first
  // frame with the change later, by about a millisecond of script alone in a CPU profile.)
  const afterFrame = () => requestAnimationFrame(() => setTimeout(check));
  let frames = FRAMES;
  const check = () => {
    const active = document.activeElement;
    if (active && active !== document.body) return; // something else took focus meanwhile
    if (input.isConnected) {
      // Still on the page: wait for a later render, and if the row stays, focus goes back to its box.
      if (--frames > 0) afterFrame();
      else input.focus();
      return;
    }
    // React may have made a neighbour's row anew (a row that moves to another chunk is, see
    // row-chunks.ts): the same box is then found by its id. Only if neither is left does
    // focus go to the moved row, which may be far down the page, in the basket or the done list.
    const next = [after, before, input].map(current).find((b) => b !== null);
    next?.focus();
  };
  afterFrame();
}

/** The box on the page now: `box` itself, or the element that has its id since (the moved row's, for the ticked box). */
function current(box: HTMLInputElement | undefined): HTMLElement | null {
  if (!box) return null;
  if (box.isConnected) return box;
  return box.id ? document.getElementById(box.id) : null;
}

const FRAMES = 10;
const BOX = 'input[type="checkbox"]';
const ROW_BOXES = `li ${BOX}`;

/** The nearest rows of the input's own list, after and before it, with a box still to tick. */
function neighbours(
  input: HTMLInputElement,
  open: (b: HTMLInputElement | null) => HTMLInputElement | undefined,
): { after?: HTMLInputElement; before?: HTMLInputElement } {
  const row = input.closest("li");
  const find = (step: (li: Element) => Element | null) => {
    for (let li = row && step(row); li; li = step(li)) {
      const box = open(li.querySelector<HTMLInputElement>(BOX));
      if (box) return box;
    }
    return undefined;
  };
  return { after: find((li) => li.nextElementSibling), before: find((li) => li.previousElementSibling) };
}
