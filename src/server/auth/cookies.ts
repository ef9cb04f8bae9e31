/**
 * Cookies set by the API. Where a cookie is `Secure` its name carries the `__Host-` prefix, so the
 * browser only accepts it from this exact host over https with Path=/ and no Domain: a sibling
 * subdomain or a plain-http man in the middle cannot plant or overwrite it (RFC 6265bis §4.1.3.2).
 * On plain-http localhost (development) a browser would drop a Secure cookie, so it is plain there.
 */
const HOST_PREFIX = "__Host-";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

export function isPlainLocalhost(req: Request): boolean {
  const url = new URL(req.url);
  return url.protocol === "http:" && LOOPBACK.includes(url.hostname);
}

/** The name a cookie is set under for this request: `__Host-<base>` wherever it is Secure. */
export function cookieName(req: Request, base: string): string {
  return isPlainLocalhost(req) ? base : `${HOST_PREFIX}${base}`;
}

export function setCookie(
  req: Request,
  base: string,
  value: string,
  options: { maxAgeSeconds: number; sameSite: "Lax" | "Strict" },
): string {
  const parts = [
    `${cookieName(req, base)}=${value}`,
    "HttpOnly",
    `SameSite=${options.sameSite}`,
    "Path=/",
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (!isPlainLocalhost(req)) parts.push("Secure");
  return parts.join("; ");
}

/**
 * The value of cookie `base` (the `__Host-` one first). The unprefixed name is still read so sessions
 * started before the prefix was introduced keep working until they expire.
 */
export function readCookie(req: Request, base: string): string | null {
  const header = req.headers.get("cookie");
  if (!header) return null;
  let plain: string | null = null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    const value = rest.join("=");
    if (!value) continue;
    if (name === `${HOST_PREFIX}${base}`) return value;
    if (name === base) plain ??= value;
  }
  return plain;
}
