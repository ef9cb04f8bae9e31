/**
 * The pull cursor is the household's change sequence number, never a client clock: a late push with
 * an old timestamp gets a new sequence number and is still pulled by every device whose cursor
 * predates it. Opaque to clients; versioned so the encoding can change.
 *
 * Mid-pass (when more pages follow) the cursor also carries the household sequence and the count of
 * changes left when the page was read: if nothing was written since, the next page knows how many
 * remain without counting them again (counting reads every remaining row).
 */
const PREFIX = "v1.";
const NUMBER = "(0|[1-9]\\d{0,15})";
const PATTERN = new RegExp(`^${NUMBER}(?:\\.${NUMBER}\\.${NUMBER})?$`);

export interface PassHint {
  /** The household sequence when the page was read. */
  seq: number;
  /** Changes after the page at that moment. */
  remaining: number;
}

export interface PullCursor {
  version: number;
  pass?: PassHint | undefined;
}

export function encodeCursor(version: number, pass?: PassHint): string {
  return pass ? `${PREFIX}${version}.${pass.seq}.${pass.remaining}` : `${PREFIX}${version}`;
}

/** The cursor's parts; version 0 for null; undefined when it is not a cursor this server issues. */
export function decodePullCursor(cursor: string | null): PullCursor | undefined {
  if (cursor === null) return { version: 0 };
  if (!cursor.startsWith(PREFIX)) return undefined;
  const m = PATTERN.exec(cursor.slice(PREFIX.length));
  if (!m) return undefined;
  const [version, seq, remaining] = [m[1], m[2], m[3]].map((s) => (s === undefined ? undefined : Number(s)));
  if (version === undefined || !Number.isSafeInteger(version)) return undefined;
  if (seq === undefined || remaining === undefined) return { version };
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(remaining)) return undefined;
  return { version, pass: { seq, remaining } };
}

/**
 * Why a cursor cannot continue, given the household's sequence and purge horizon; null when it can.
 * A cursor ahead of the sequence belongs to another database; one older than the horizon may have
 * missed deletes whose payload is gone (and skeletons are never pulled): both must pull from null.
 */
export function cursorProblem(afterVersion: number, seq: number, purgedSeq: number): string | null {
  if (afterVersion > seq) return "This cursor is ahead of the household's changes; pull from null.";
  if (afterVersion > 0 && afterVersion < purgedSeq) {
    return "Changes after this cursor are no longer kept; pull from null.";
  }
  return null;
}

/** The sequence number a cursor stands for; 0 for null; undefined when it is not a cursor. */
export function decodeCursor(cursor: string | null): number | undefined {
  return decodePullCursor(cursor)?.version;
}
