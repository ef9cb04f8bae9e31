export interface Invite {
  householdId: string;
  createdBy: string;
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

export async function storeInvite(kv: KVNamespace, code: string, invite: Invite, ttlSeconds: number): Promise<void> {
  await kv.put(`invite:${code}`, JSON.stringify(invite), { expirationTtl: Math.max(60, ttlSeconds) });
}

/**
 * Takes an invite and removes it: codes are single-use and expire with their KV TTL. KV is
 * eventually consistent, so two sign-ups with one code within a few seconds on different edges could
 * both pass; the window is small and both people were given the code by a member.
 */
export async function consumeInvite(kv: KVNamespace, code: string): Promise<Invite | null> {
  const key = `invite:${normalizeInviteCode(code)}`;
  const raw = await kv.get(key);
  if (raw === null) return null;
  await kv.delete(key);
  try {
    return JSON.parse(raw) as Invite;
  } catch {
    return null;
  }
}
