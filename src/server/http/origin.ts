import { DomusError } from "../../core/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request sent by another site: its Origin names a site other than this one
 * (or API_BASE_URL), or the browser says Sec-Fetch-Site: cross-site. Non-browser clients send
 * neither header and authenticate with a Bearer token.
 */
export function checkOrigin(req: Request, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    throw new DomusError("forbidden", "Cross-site requests are not allowed.");
  }
  const origin = req.headers.get("origin");
  if (origin === null) return;
  const own = new URL(req.url).origin;
  if (origin !== own && !allowedOrigins.includes(origin) && !sameLoopback(origin, own)) {
    throw new DomusError("forbidden", "Requests from another site are not allowed.");
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Locally, `wrangler dev` hands the Worker a request URL on `localhost` while the browser may be on
 * 127.0.0.1 (the address `npm start` prints): the same loopback server, scheme and port. Only ever
 * true when the Worker itself is being served on loopback, never in production.
 */
function sameLoopback(origin: string, own: string): boolean {
  try {
    const a = new URL(origin);
    const b = new URL(own);
    return LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname) && a.protocol === b.protocol && a.port === b.port;
  } catch {
    return false;
  }
}
