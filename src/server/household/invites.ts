/**
 * Invites in D1 (not KV: a claim must be atomic and strongly consistent). A code is claimed by one
 * `UPDATE … WHERE claimedAt IS NULL … RETURNING` before the account is created, so of any number of
 * parallel sign-ups with one code exactly one gets it; a sign-up that then fails frees it again.
 * Invites belong to the household (ON DELETE CASCADE), not to the member who made them.
 */

// No 0/O/1/I/L: codes are read aloud and typed on phones.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function normalizeInviteCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}

export interface PendingInvite {
  code: string;
  email: string | null;
  createdAt: string;
  expiresAt: string;
  createdBy: { id: string; name: string | null };
}

export async function storeInvite(
  db: D1Database,
  invite: {
    code: string;
    householdId: string;
    createdBy: string;
    email: string | null;
    now: number;
    ttlSeconds: number;
  },
): Promise<{ expiresAt: string }> {
  const expiresAt = new Date(invite.now + invite.ttlSeconds * 1000).toISOString();
  await db
    .prepare(
      `INSERT INTO invites (code, householdId, createdBy, email, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      normalizeInviteCode(invite.code),
      invite.householdId,
      invite.createdBy,
      invite.email,
      new Date(invite.now).toISOString(),
      expiresAt,
    )
    .run();
  return { expiresAt };
}

/** Claims a code for `claimant` (the id the new account will have): the household, or null. */
export async function claimInvite(
  db: D1Database,
  code: string,
  claimant: string,
  now: number,
): Promise<{ householdId: string } | null> {
  const at = new Date(now).toISOString();
  return db
    .prepare(
      `UPDATE invites SET claimedAt = ?1, claimedBy = ?2 WHERE code = ?3 AND claimedAt IS NULL AND expiresAt > ?1 RETURNING householdId`,
    )
    .bind(at, claimant, normalizeInviteCode(code))
    .first<{ householdId: string }>();
}

/** Frees a claimed code again (the account could not be created). */
export async function releaseInvite(db: D1Database, code: string, claimant: string): Promise<void> {
  await db
    .prepare(`UPDATE invites SET claimedAt = NULL, claimedBy = NULL WHERE code = ? AND claimedBy = ?`)
    .bind(normalizeInviteCode(code), claimant)
    .run();
}

export async function listInvites(db: D1Database, householdId: string, now: number): Promise<PendingInvite[]> {
  const { results } = await db
    .prepare(
      `SELECT i.code, i.email, i.createdAt, i.expiresAt, i.createdBy, u.name AS creatorName
       FROM invites i LEFT JOIN users u ON u.id = i.createdBy
       WHERE i.householdId = ? AND i.claimedAt IS NULL AND i.expiresAt > ?
       ORDER BY i.createdAt DESC, i.code`,
    )
    .bind(householdId, new Date(now).toISOString())
    .all<{
      code: string;
      email: string | null;
      createdAt: string;
      expiresAt: string;
      createdBy: string;
      creatorName: string | null;
    }>();
  return results.map((r) => ({
    code: r.code,
    email: r.email,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    createdBy: { id: r.createdBy, name: r.creatorName },
  }));
}

/** Deletes a pending code of this household; false when there is none (unknown, used, or another household's). */
export async function revokeInvite(db: D1Database, householdId: string, code: string): Promise<boolean> {
  const res = await db
    .prepare(`DELETE FROM invites WHERE code = ? AND householdId = ? AND claimedAt IS NULL`)
    .bind(normalizeInviteCode(code), householdId)
    .run();
  return (res.meta.changes ?? 0) > 0;
}
