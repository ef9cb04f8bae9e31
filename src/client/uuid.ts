/**
 * A UUID v7 (time-ordered, RFC 9562): 48 bits of milliseconds, then random bits. Ids sort by creation
 * time, which keeps the server's primary-key index append-mostly. Time and randomness are injectable.
 */
export function uuidv7(now: () => number = Date.now, randomBytes: (n: number) => Uint8Array = cryptoBytes): string {
  const bytes = randomBytes(16);
  let ms = Math.max(0, Math.floor(now()));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function cryptoBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
