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
  const main = input.closest("main") ?? document;
  const boxes = [...main.querySelectorAll<HTMLInputElement>('li input[type="checkbox"]')];
  const at = boxes.indexOf(input);
  const open = (b: HTMLInputElement | undefined) => (b && !b.checked && b !== input ? b : undefined);
  const after = boxes.slice(at + 1).find((b) => open(b));
  const before = boxes
    .slice(0, Math.max(0, at))
    .reverse()
    .find((b) => open(b));
  const { id } = input;
  // The row usually goes in the commit of this event; a few frames cover a later render.
  let frames = FRAMES;
  const check = () => {
    if (input.isConnected) {
      if (--frames > 0 && document.activeElement === input) requestAnimationFrame(check);
      return;
    }
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const next = [after, before].find((b) => b?.isConnected) ?? (id ? document.getElementById(id) : null);
    next?.focus();
  };
  requestAnimationFrame(check);
}

const FRAMES = 10;
