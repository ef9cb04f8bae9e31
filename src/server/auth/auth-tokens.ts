import { DomusError } from "../../core/errors";

export type TokenPurpose = "reset" | "verify";

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function hashToken(token: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
}

/** 32 random bytes, base64url: what goes in the link. Only its SHA-256 is stored. */
export async function issueToken(
  db: D1Database,
  input: { purpose: TokenPurpose; userId: string; email: string; now: number; ttlSeconds: number },
): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  await db
    .prepare(
      `INSERT INTO auth_tokens (tokenHash, purpose, userId, email, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      await hashToken(token),
      input.purpose,
      input.userId,
      input.email,
      new Date(input.now).toISOString(),
      new Date(input.now + input.ttlSeconds * 1000).toISOString(),
    )
    .run();
  return token;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Uses a token once: the UPDATE … WHERE usedAt IS NULL … RETURNING is atomic, so of two parallel
 * uses exactly one succeeds. A failure says which of unknown, used or expired it was.
 */
export async function consumeToken(
  db: D1Database,
  input: { purpose: TokenPurpose; token: string; now: number },
): Promise<{ userId: string; email: string }> {
  const invalid = new DomusError("invalid_link", "This link is not valid. Ask for a new one.");
  if (!TOKEN_SHAPE.test(input.token)) throw invalid;
  const tokenHash = await hashToken(input.token);
  const at = new Date(input.now).toISOString();
  const used = await db
    .prepare(
      `UPDATE auth_tokens SET usedAt = ?1 WHERE tokenHash = ?2 AND purpose = ?3 AND usedAt IS NULL AND expiresAt > ?1 RETURNING userId, email`,
    )
    .bind(at, tokenHash, input.purpose)
    .first<{ userId: string; email: string }>();
  if (used) return used;
  const found = await db
    .prepare(`SELECT usedAt, expiresAt FROM auth_tokens WHERE tokenHash = ? AND purpose = ?`)
    .bind(tokenHash, input.purpose)
    .first<{ usedAt: string | null; expiresAt: string }>();
  if (!found) throw invalid;
  if (found.usedAt) throw new DomusError("link_used", "This link was already used. Ask for a new one if you need it.");
  throw new DomusError("link_expired", "This link has expired. Ask for a new one.");
}
