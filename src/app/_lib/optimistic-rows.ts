/**
 * Pending local writes shown over a live query's rows before the write commits and the query
 * re-reads. Pure, so the rules are tested without a browser (optimistic-rows.test.ts); the hook
 * around it is use-optimistic-rows.ts.
 */
import { sameData } from "@/core/same-data";

export interface LiveRow {
  id: string;
  updatedAt: string;
}

export type Overlay<R extends LiveRow> =
  /** A new row, drafted with the id its write uses: shown until the live rows hold that id. */
  | { kind: "add"; row: R }
  /**
   * Changed fields of a row whose live version had `base` as updatedAt. Shown until the write has
   * committed and the live row is newer than `base` (the committed write, or anything after it).
   */
  | { kind: "patch"; id: string; patch: Partial<R>; base: string; committed: boolean };

/** True once the live rows show what the overlay shows (or something newer), so it can be dropped. */
export function isReflected<R extends LiveRow>(overlay: Overlay<R>, live: ReadonlyMap<string, R>): boolean {
  if (overlay.kind === "add") return live.has(overlay.row.id);
  const row = live.get(overlay.id);
  // A row not in the live rows may be a pending add (the patch applies to it) or deleted (nothing to patch).
  return overlay.committed && (row === undefined || row.updatedAt !== overlay.base);
}

/**
 * The live rows the overlays name, by id, found in one pass: usually none, one or two. (A map of
 * every live row, made anew for each change of them, was 1,000 entries kept until the next change:
 * garbage for the old generation's collector, whose pauses landed in later clicks.)
 */
export function namedRows<R extends LiveRow>(live: readonly R[], overlays: readonly Overlay<R>[]): Map<string, R> {
  const byId = new Map<string, R>();
  if (overlays.length === 0) return byId;
  const ids = new Set(overlays.map((o) => (o.kind === "add" ? o.row.id : o.id)));
  for (const row of live) if (ids.has(row.id)) byId.set(row.id, row);
  return byId;
}

/**
 * The live rows with the pending overlays applied: patched rows are new objects, every other row
 * is the live object itself (so memoized rows skip their render), new rows come last.
 */
export function applyOverlays<R extends LiveRow>(live: readonly R[], overlays: readonly Overlay<R>[]): R[] {
  if (overlays.length === 0) return live as R[];
  const byId = namedRows(live, overlays);
  const patches = new Map<string, Partial<R>>();
  const added: R[] = [];
  for (const o of overlays) {
    if (isReflected(o, byId)) continue;
    if (o.kind === "add") added.push(o.row);
    else patches.set(o.id, { ...patches.get(o.id), ...o.patch });
  }
  if (patches.size === 0) return added.length === 0 ? (live as R[]) : [...live, ...added];
  const patched = (r: R): R => (patches.has(r.id) ? { ...r, ...patches.get(r.id) } : r);
  return [...live, ...added].map(patched);
}

/**
 * `prev` when `next` shows the same (the same rows in the same order, each the same object or a
 * patched row of the same data, as after a write's commit marks its overlay), else `next`: the page
 * then derives nothing anew from its rows.
 */
export function keepShown<R extends LiveRow>(prev: readonly R[] | undefined, next: R[]): R[] {
  if (!prev || prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a !== b && (a.id !== b.id || !sameData(a, b))) return next;
  }
  return prev as R[];
}
