"use client";

import { type ReactNode, memo, useLayoutEffect, useMemo, useRef } from "react";
import { type Chunk as Rows, rechunkRows } from "../_lib/row-chunks";

interface Props<R> {
  rows: readonly R[];
  /** The row's key (its id): also what chunk boundaries are chosen by. */
  rowKey: (row: R) => string;
  /** Renders one row, with its key. Must be stable (useCallback), or every chunk renders. */
  renderRow: (row: R) => ReactNode;
  /** Whether two rows show the same; the object itself by default (unchanged rows keep their objects, see src/client/live-table.ts). */
  same?: (a: R, b: R) => boolean;
}

const identical = (a: unknown, b: unknown) => a === b;

/**
 * The rows of a long list (the `<li>`s, straight inside the caller's `<ul>`: no element is added, so
 * the list's semantics, focus order and find-in-page are unchanged), rendered in memoized chunks of
 * about 32 rows (see row-chunks.ts): adding, ticking or removing a row renders its chunk, not the list.
 * Each row stays in its chunk as the list changes (`rechunkRows` from the chunks last shown), so
 * React keeps the rows' elements, and the focus in them.
 */
export function RowChunks<R>({ rows, rowKey, renderRow, same = identical }: Props<R>) {
  const shown = useRef<readonly Rows<R>[] | null>(null);
  const chunks = useMemo(() => rechunkRows(shown.current, rows, rowKey), [rows, rowKey]);
  useLayoutEffect(() => {
    shown.current = chunks;
  }, [chunks]);
  return chunks.map((c) => <Chunk key={c.key} rows={c.rows} renderRow={renderRow} same={same} />);
}

interface ChunkProps {
  rows: readonly unknown[];
  renderRow: (row: never) => ReactNode;
  same: (a: never, b: never) => boolean;
}

const Chunk = memo(
  function Chunk({ rows, renderRow }: ChunkProps) {
    return rows.map((r) => renderRow(r as never));
  },
  (a, b) =>
    a.renderRow === b.renderRow &&
    a.same === b.same &&
    (a.rows === b.rows ||
      (a.rows.length === b.rows.length && a.rows.every((r, i) => a.same(r as never, b.rows[i] as never)))),
);
