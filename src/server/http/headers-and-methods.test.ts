import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, test } from "vitest";
import { call, errorOf, registerAccount } from "../../../test/server-helpers";
import { API_CSP, refuseUnknownMethod, withPageSecurityHeaders } from "./security-headers";

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "x-frame-options": "DENY",
};

function expectSecurityHeaders(res: Response): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\)/);
}

describe("security headers on the API", () => {
  test("every kind of answer carries them: 200, 401, 404, 405", async () => {
    for (const res of [
      await call("/api/health"),
      await call("/api/auth/me"),
      await call("/api/nothing"),
      await call("/api/auth/login", { method: "GET" }),
    ]) {
      expectSecurityHeaders(res);
      expect(res.headers.get("content-security-policy")).toBe(API_CSP);
      expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    }
  });

  test("HSTS only over https, where a browser honours it", async () => {
    expect((await call("/api/health")).headers.get("strict-transport-security")).toBeNull();
    const https = await call("/api/health", { base: "https://domus.example" });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});

describe("methods", () => {
  test("HEAD works wherever GET does: same status and headers, no body", async () => {
    const account = await registerAccount();
    const get = await call("/api/auth/me", { token: account.token });
    const head = await call("/api/auth/me", { method: "HEAD", token: account.token });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    expect(await head.text()).toBe("");
    const unauthenticated = await call("/api/auth/me", { method: "HEAD" });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.text()).toBe("");
  });

  test("HEAD where there is no GET is a 405 like any other method", async () => {
    const res = await call("/api/auth/login", { method: "HEAD" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
  });

  test("OPTIONS answers 204 with the methods the route really has", async () => {
    const expected: Record<string, string> = {
      "/api/auth/login": "POST, OPTIONS",
      "/api/household": "GET, HEAD, OPTIONS",
      "/api/sync/push": "POST, OPTIONS",
    };
    for (const [path, allow] of Object.entries(expected)) {
      const res = await call(path, { method: "OPTIONS" });
      expect(res.status, path).toBe(204);
      expect(res.headers.get("allow"), path).toBe(allow);
      // Not a CORS preflight answer: no other origin is invited.
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect((await call("/api/nothing", { method: "OPTIONS" })).status).toBe(404);
  });

  test("every other method is a 405 JSON error with the true Allow", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await call("/api/household", { method });
      expect(res.status).toBe(405);
      expect((await errorOf(res)).code).toBe("method_not_allowed");
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    }
  });

  test("methods nothing serves (WebDAV, made-up, TRACE) are a 405 JSON error before Next.js", async () => {
    for (const method of ["PROPFIND", "FOO", "TRACE", "CONNECT"]) {
      let req: Request;
      try {
        req = new Request("https://domus.example/api/health", { method });
      } catch {
        continue; // The fetch API forbids constructing some (TRACE, CONNECT); e2e sends them over a socket.
      }
      const res = refuseUnknownMethod(req);
      expect(res?.status, method).toBe(405);
      expect((await errorOf(res!)).code).toBe("method_not_allowed");
      expectSecurityHeaders(res!);
    }
    expect(refuseUnknownMethod(new Request("https://domus.example/", { method: "GET" }))).toBeNull();
  });
});

describe("the page policy", () => {
  const html = `<!DOCTYPE html><html><head><script src="/_next/a.js"></script><script>self.a=1</script></head>
<body><script id="_R_">self.__next_f.push([1,"x"])</script><p>hi</p></body></html>`;
  const hash = async (text: string) => {
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    return btoa(String.fromCharCode(...d));
  };

  test("allows exactly the page's inline scripts by hash, nothing inline otherwise, no eval, no framing", async () => {
    const page = new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
    const res = await withPageSecurityHeaders(new Request("https://domus.example/"), page);
    const csp = res.headers.get("content-security-policy") ?? "";
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scriptSrc.split(" ").sort()).toEqual(
      [
        "script-src",
        "'self'",
        `'sha256-${await hash("self.a=1")}'`,
        `'sha256-${await hash('self.__next_f.push([1,"x"])')}'`,
      ].sort(),
    );
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    // Inline code never runs: only style attributes (React's style={…}, no code) may be inline.
    const inline = csp.split("; ").filter((d) => d.includes("'unsafe-inline'"));
    expect(inline).toEqual(["style-src-attr 'unsafe-inline'"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expectSecurityHeaders(res);
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect(await res.text()).toBe(html);
  });

  test("a JSON answer passing through keeps the API's policy", async () => {
    const res = await withPageSecurityHeaders(
      new Request("http://localhost/api/health"),
      new Response("{}", { headers: { "content-type": "application/json", "content-security-policy": API_CSP } }),
    );
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  test("a 304 for a cached page gets no policy that would replace the page's own", async () => {
    const res = await withPageSecurityHeaders(
      new Request("https://domus.example/signup"),
      new Response(null, { status: 304, headers: { etag: '"abc"' } }),
    );
    expect(res.status).toBe(304);
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("tokens", () => {
  const secret = new TextEncoder().encode(env.JWT_SECRET);

  test("a correctly signed token without exp is refused, even with a live session", async () => {
    const account = await registerAccount();
    const { sid, sub } = JSON.parse(atob(account.token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as {
      sid: string;
      sub: string;
    };
    const forever = await new SignJWT({ sid }).setProtectedHeader({ alg: "HS256" }).setSubject(sub).sign(secret);
    expect((await call("/api/auth/me", { token: account.token })).status).toBe(200);
    const res = await call("/api/auth/me", { token: forever });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthorized");
  });
});
