import { connect } from "node:net";
import { expect, inject, test } from "vitest";
import { takeCspViolations } from "./browser";
import { useBrowser } from "./fixtures";

const browser = useBrowser();

/** One raw HTTP/1.1 request: fetch refuses to send CONNECT or TRACE at all. */
async function raw(method: string, path: string): Promise<{ status: number; head: string; body: string }> {
  const url = new URL(inject("baseUrl"));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    let data = "";
    socket.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", body = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head: head.toLowerCase(), body });
    });
  });
}

test("every page is served with a CSP that allows its inline scripts by hash only, and loads without a violation", async (ctx) => {
  const { page } = await browser.newDevice(ctx);
  for (const path of ["/", "/signin", "/signup"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const headers = res!.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
    expect(csp, path).not.toMatch(/unsafe-eval/);
    // Inline code never runs: only style attributes may be inline.
    expect(
      csp.split("; ").filter((d) => d.includes("'unsafe-inline'")),
      path,
    ).toEqual(["style-src-attr 'unsafe-inline'"]);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    await page.getByRole("heading").first().waitFor();
  }
});

test("a script injected into the page does not run", async (ctx) => {
  const { page } = await browser.newDevice(ctx);
  await page.goto("/signin");
  const ran = await page.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  const deadline = Date.now() + 5_000;
  let violations: string[] = [];
  while (violations.length === 0 && Date.now() < deadline) {
    violations = takeCspViolations();
    if (violations.length === 0) await page.waitForTimeout(50);
  }
  expect(violations.join("\n")).toMatch(/script-src/);
});

test("TRACE and WebDAV methods are 405 JSON errors, CONNECT and made-up ones refused; HEAD of a page is 200", async () => {
  // These never reach the Worker: the runtime's HTTP server refuses CONNECT (locally a plain 500)
  // and methods it does not know (501 Not Implemented, RFC 9110 §9.1).
  expect((await raw("CONNECT", "/api/health")).status).toBeGreaterThanOrEqual(400);
  expect((await raw("FOO", "/api/health")).status).toBe(501);
  for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
    for (const path of ["/api/health", "/"]) {
      const res = await raw(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.head).toContain("content-type: application/json");
      expect(res.body).toContain('"method_not_allowed"');
    }
  }
  const head = await raw("HEAD", "/signin");
  expect(head.status).toBe(200);
  expect(head.head).toContain("content-security-policy:");
  const api = await raw("OPTIONS", "/api/auth/login");
  expect(api.status).toBe(204);
  expect(api.head).toContain("allow: post, options");
});
