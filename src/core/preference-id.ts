const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/**
 * The row id of a user's preference: derived from user and key, so two devices setting the same
 * preference write one row (merged field by field) instead of two rows for one key. The user id is
 * part of it because rows are keyed by household and two members may set the same key.
 */
export function preferenceId(userId: string, key: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(`${userId}\u0000${key}`)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  }
  return `pref-${hash.toString(16).padStart(16, "0")}`;
}
