import bcrypt from "bcryptjs";

/**
 * bcrypt reads at most 72 bytes, so a long passphrase would be silently truncated. Following OWASP,
 * bcrypt hashes the base64 HMAC-SHA-384 of the password keyed with the secret pepper instead (64
 * ASCII characters): every character counts, and a stolen database alone cannot be brute-forced.
 */
async function preHash(password: string, pepper: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(pepper),
    { name: "HMAC", hash: "SHA-384" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(password.normalize("NFC"))),
  );
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the same work as a real verify, for logins with an unknown email. */
  verifyDummy(password: string): Promise<false>;
}

export function createPasswordHasher(options: { pepper: string; cost: number }): PasswordHasher {
  // A well-formed hash at the same cost that no password matches: a fresh salt and a digest of dots.
  // Built without hashing, so even the first unknown email costs one compare, not a hash and a compare.
  const dummy = bcrypt.genSaltSync(options.cost) + ".".repeat(31);
  const hash = async (password: string) => bcrypt.hash(await preHash(password, options.pepper), options.cost);
  return {
    hash,
    async verify(password, stored) {
      return bcrypt.compare(await preHash(password, options.pepper), stored);
    },
    async verifyDummy(password) {
      await bcrypt.compare(await preHash(password, options.pepper), dummy);
      return false;
    },
  };
}
