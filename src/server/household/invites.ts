export interface Invite {
  householdId: string;
  createdBy: string;
  /** ISO time after which the code no longer works; checked here, since KV's TTL is only a cleanup. */
  expiresAt: string;
}

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

const keyOf = (code: string) => `invite:${normalizeInviteCode(code)}`;

export async function storeInvite(kv: KVNamespace, code: string, invite: Invite, ttlSeconds: number): Promise<void> {
  // KV refuses TTLs under 60 s; a shorter INVITE_TTL is still enforced through `expiresAt`.
  await kv.put(keyOf(code), JSON.stringify(invite), { expirationTtl: Math.max(60, ttlSeconds) });
}

function isInvite(value: unknown): value is Invite {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.householdId === "string" && typeof v.createdBy === "string" && typeof v.expiresAt === "string";
}

/** The invite behind a code, or null when it is unknown, used or expired at `now` (ms). */
export async function findInvite(kv: KVNamespace, code: string, now: number): Promise<Invite | null> {
  const raw = await kv.get(keyOf(code));
  if (raw === null) return null;
  let invite: unknown;
  try {
    invite = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isInvite(invite) || !(Date.parse(invite.expiresAt) > now)) return null;
  return invite;
}

/**
 * Codes are single-use: the code is removed once an account has joined with it (not before, so a
 * sign-up that fails on a taken email does not burn the code). KV is eventually consistent, so two
 * sign-ups with one code within a few seconds on different edges could both pass; the window is
 * small and both people were given the code by a member.
 */
export async function useInvite(kv: KVNamespace, code: string): Promise<void> {
  await kv.delete(keyOf(code));
}
