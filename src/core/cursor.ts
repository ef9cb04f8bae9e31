/**
 * The pull cursor is the household's change sequence number, never a client clock: a late push with
 * an old timestamp gets a new sequence number and is still pulled by every device whose cursor
 * predates it. Opaque to clients; versioned so the encoding can change.
 */
const PREFIX = "v1.";

export function encodeCursor(version: number): string {
  return `${PREFIX}${version}`;
}

/** The sequence number a cursor stands for; 0 for null; undefined when it is not a cursor. */
export function decodeCursor(cursor: string | null): number | undefined {
  if (cursor === null) return 0;
  if (!cursor.startsWith(PREFIX)) return undefined;
  const digits = cursor.slice(PREFIX.length);
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}
