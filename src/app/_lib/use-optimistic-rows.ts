"use client";

import type { EditableFields, Repository, RowByTable, TableName } from "@/client";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { attempt } from "./actions";
import { useDomus } from "./domus-provider";
import { type Overlay, applyOverlays, isReflected, keepShown, namedRows } from "./optimistic-rows";

export interface OptimisticRows<T extends TableName> {
  /** The live rows with pending writes applied; undefined while the live query loads. */
  rows: RowByTable[T][] | undefined;
  /**
   * Adds a row and shows it in the same render as the caller's own state updates (the id is drafted
   * first, so the shown row keeps its key when the write commits): its id, or null, with a toast,
   * when the value is refused; `onFail` runs if the write fails later (to put the typed text back).
   */
  add(fields: Partial<EditableFields<T>>, onFail?: () => void): string | null;
  /**
   * Writes a row whose id the caller derives (see Repository.put), shown at once like `add`; a row
   * with that id already listed is shown with the new fields until the live rows hold the write.
   * With `batch`, the write is the batch's, made with the others in one transaction.
   */
  put(id: string, fields: Partial<EditableFields<T>>, onFail?: () => void, batch?: WriteBatch): boolean;
  /**
   * Changes fields of a row, shown at once; undone on screen (with a toast) if the write fails. With
   * `batch`, the write is the batch's.
   */
  update(row: RowByTable[T], patch: Partial<EditableFields<T>>, batch?: WriteBatch): void;
}

/**
 * Local writes shown before they commit: a write's transaction and the live query's re-read of a
 * long list take tens of milliseconds, so a page renders its rows from this hook instead of the
 * live query alone and reaches the screen in the frame of the key press. The live rows always win
 * once they hold the write (see optimistic-rows.ts).
 */
export function useOptimisticRows<T extends TableName>(table: T, live: RowByTable[T][] | undefined): OptimisticRows<T> {
  type Row = RowByTable[T];
  const { repo } = useDomus();
  const [overlays, setOverlays] = useState<readonly Overlay<Row>[]>([]);
  const liveRef = useRef(live);
  useLayoutEffect(() => {
    liveRef.current = live;
  }, [live]);

  // Drop what the live rows now show, in the render that brings them (React renders this component
  // again at once, before anything is committed): done in an effect, it cost the page a second
  // render and commit after every change of the live rows. Nothing dropped, nothing set.
  const [prunedFor, setPrunedFor] = useState(live);
  if (prunedFor !== live) {
    setPrunedFor(live);
    const kept = prune(overlays, live);
    if (kept !== overlays) setOverlays(kept);
  }

  const drop = useCallback((overlay: Overlay<Row>) => setOverlays((prev) => prev.filter((o) => o !== overlay)), []);
  /** A patch whose write committed: kept only until the live rows show it (or something newer). */
  const commit = useCallback((overlay: Extract<Overlay<Row>, { kind: "patch" }>) => {
    const done = { ...overlay, committed: true };
    setOverlays((prev) =>
      prune(
        prev.map((o) => (o === overlay ? done : o)),
        liveRef.current,
      ),
    );
  }, []);

  const add = useCallback(
    (fields: Partial<EditableFields<T>>, onFail?: () => void): string | null => {
      if (!repo) return null;
      let row: Row;
      try {
        row = repo.draft(table, fields);
      } catch (err) {
        void attempt(() => Promise.reject(err));
        return null;
      }
      const overlay: Overlay<Row> = { kind: "add", row };
      setOverlays((prev) => [...prev, overlay]);
      write(
        () => repo.add(table, fields, row.id),
        (ok) => {
          if (ok) return;
          drop(overlay);
          onFail?.();
        },
      );
      return row.id;
    },
    [repo, table, drop],
  );

  const put = useCallback(
    (id: string, fields: Partial<EditableFields<T>>, onFail?: () => void, batch?: WriteBatch): boolean => {
      if (!repo) return false;
      let row: Row;
      try {
        row = repo.draft(table, fields, id);
      } catch (err) {
        void attempt(() => Promise.reject(err));
        return false;
      }
      const listed = liveRef.current?.find((r) => r.id === id);
      const overlay: Overlay<Row> = listed
        ? { kind: "patch", id, patch: fields as Partial<Row>, base: listed.updatedAt, committed: false }
        : { kind: "add", row };
      setOverlays((prev) => [...prev, overlay]);
      write(
        () => repo.put(table, id, fields),
        (ok) => {
          if (!ok) {
            drop(overlay);
            onFail?.();
          } else if (overlay.kind === "patch") {
            commit(overlay);
          }
        },
        batch,
      );
      return true;
    },
    [repo, table, drop, commit],
  );

  const update = useCallback(
    (row: Row, patch: Partial<EditableFields<T>>, batch?: WriteBatch) => {
      if (!repo) return;
      const overlay: Overlay<Row> = {
        kind: "patch",
        id: row.id,
        patch: patch as Partial<Row>,
        base: row.updatedAt,
        committed: false,
      };
      setOverlays((prev) => [...prev, overlay]);
      let changed = false;
      write(
        async () => {
          changed = await repo.update(table, row.id, patch);
        },
        (ok) => {
          // Nothing changed (the row already had these values) or the write failed: the live row is the truth.
          if (!ok || !changed) return drop(overlay);
          commit(overlay);
        },
        batch,
      );
    },
    [repo, table, drop, commit],
  );

  // A write's commit marks its overlay committed, which changes no row shown: the same rows are then
  // handed out again, so the page does not derive its lists anew from 1,000 rows for nothing.
  const shown = useRef<Row[] | undefined>(undefined);
  const rows = useMemo(() => {
    const next = live && applyOverlays(live, overlays);
    return (shown.current = next && keepShown(shown.current, next));
  }, [live, overlays]);
  return { rows, add, put, update };
}

/**
 * Starts a write at once, in the event that made it: the overlay shows it in the same render. (Writes
 * were once started after the frame that shows them; a page left within that frame, a reload or a
 * closed tab, lost them: the transaction begun on `pagehide` did not commit.) `done` gets whether it
 * succeeded (a failure was shown as a toast by `attempt`). With a batch, the batch starts it.
 */
function write(run: () => Promise<unknown>, done: (ok: boolean) => void, batch?: WriteBatch): void {
  if (batch) batch.add(run, done);
  else void attempt(run).then(done);
}

/**
 * Writes of several tables' optimistic rows made as one: each shown at once as its call makes it,
 * then all written in one transaction by `commit`, called in the same event (all or none: a
 * failure undoes every one on screen, with one toast).
 */
export class WriteBatch {
  private readonly writes: { run: () => Promise<unknown>; done: (ok: boolean) => void }[] = [];

  constructor(
    private readonly repo: Repository,
    private readonly tables: readonly TableName[],
  ) {}

  add(run: () => Promise<unknown>, done: (ok: boolean) => void): void {
    this.writes.push({ run, done });
  }

  commit(): void {
    const writes = this.writes.splice(0);
    if (writes.length === 0) return;
    void attempt(() =>
      this.repo.together(this.tables, async () => {
        for (const w of writes) await w.run();
      }),
    ).then((ok) => {
      for (const w of writes) w.done(ok);
    });
  }
}

function prune<R extends { id: string; updatedAt: string }>(
  overlays: readonly Overlay<R>[],
  live: readonly R[] | undefined,
): readonly Overlay<R>[] {
  if (overlays.length === 0 || !live) return overlays;
  const byId = namedRows(live, overlays);
  const kept = overlays.filter((o) => !isReflected(o, byId));
  return kept.length === overlays.length ? overlays : kept;
}
