/**
 * Security headers for every response of the Worker: pages (worker.ts wraps OpenNext's handler) and
 * the API (handleApi). The page policy allows only what the app uses: its own scripts, styles, images,
 * fonts, manifest, service worker and API; Next.js's inline scripts by their SHA-256 hashes, computed
 * from the HTML being sent (so no nonce, no 'unsafe-inline' scripts, no 'unsafe-eval').
 */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** Two years, the HSTS preload list's floor. */
const HSTS = "max-age=63072000; includeSubDomains";

function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === "https:";
}

/** Headers every response gets, whatever its type. */
export function commonSecurityHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "x-frame-options": "DENY",
  };
  // Browsers ignore HSTS over plain http; sending it only on https keeps local development on http.
  if (isHttps(req)) headers["strict-transport-security"] = HSTS;
  return headers;
}

/** A JSON answer is never a document: it may run nothing, load nothing, and be framed nowhere. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function apiSecurityHeaders(req: Request): Record<string, string> {
  return {
    ...commonSecurityHeaders(req),
    "content-security-policy": API_CSP,
    "cross-origin-resource-policy": "same-origin",
  };
}

/** The page policy for HTML whose inline scripts have these SHA-256 hashes (base64). */
export function pagePolicy(scriptHashes: readonly string[], req: Request): string {
  const hashes = [...new Set(scriptHashes)].map((h) => `'sha256-${h}'`);
  const directives = [
    "default-src 'self'",
    ["script-src 'self'", ...hashes].join(" "),
    "style-src 'self'",
    // Style attributes (React's style={…}) cannot be hashed; they set presentation, never run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (isHttps(req)) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let binary = "";
  for (const b of digest) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The page with its security headers. HTML is read whole (the app's pages are small shells; data comes
 * from IndexedDB) so the hashes of its inline scripts are known before the headers are sent; any
 * `<script>` without `src` is hashed exactly as the browser will hash it (its text content).
 */
export async function withPageSecurityHeaders(req: Request, res: Response): Promise<Response> {
  // A WebSocket upgrade is handed over as is: its headers are fixed and it is no document.
  if (res.status === 101 || res.webSocket) return res;
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(commonSecurityHeaders(req))) headers.set(name, value);
  const type = headers.get("content-type") ?? "";
  const isHtml = type.toLowerCase().startsWith("text/html");
  if (!isHtml || !res.body) {
    // A HEAD of a page has no body to hash: the policy it announces allows no inline script. Other
    // answers keep their own policy or none: a 304 must not carry one, since the browser would put it
    // on the cached page in place of the policy with that page's hashes. (The API sets its own.)
    if (isHtml) headers.set("content-security-policy", pagePolicy([], req));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
  const scripts: string[] = [];
  let current: string | null = null;
  const html = await new HTMLRewriter()
    .on("script", {
      element(el) {
        if (el.hasAttribute("src")) return;
        current = "";
        el.onEndTag(() => {
          if (current !== null) scripts.push(current);
          current = null;
        });
      },
      text(chunk) {
        if (current !== null) current += chunk.text;
      },
    })
    .transform(new Response(res.body, { headers: { "content-type": type } }))
    .text();
  const hashes = await Promise.all(scripts.map(sha256Base64));
  headers.set("content-security-policy", pagePolicy(hashes, req));
  headers.delete("content-length");
  return new Response(req.method === "HEAD" ? null : html, { status: res.status, statusText: res.statusText, headers });
}

/** Methods the Worker serves at all; anything else (CONNECT, TRACE, WebDAV verbs) is a 405 before Next.js sees it. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function refuseUnknownMethod(req: Request): Response | null {
  if (KNOWN_METHODS.has(req.method)) return null;
  const isApi = new URL(req.url).pathname.startsWith("/api/");
  const headers = new Headers({
    ...apiSecurityHeaders(req),
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    // The API's own answer names each route's methods; a page is only ever read.
    allow: isApi ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD",
  });
  const body = {
    error: { code: "method_not_allowed", message: `${req.method.slice(0, 20)} is not allowed here.` },
  };
  return new Response(JSON.stringify(body), { status: 405, headers });
}
