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
  if (origin !== own && !allowedOrigins.includes(origin)) {
    throw new DomusError("forbidden", "Requests from another site are not allowed.");
  }
}
