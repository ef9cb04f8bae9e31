import { beforeAll, describe, expect, test } from "vitest";
import { call, errorOf, registerAccount, type Account } from "../../../test/server-helpers";

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
const manyKeys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(",")}}`;
const eight = (s: string) => s.repeat(8);

/** Bodies an attacker or a broken client might send: none is a valid request for any route. */
const HOSTILE: [string, string | Uint8Array<ArrayBuffer>][] = [
  ["null", "null"],
  ["an empty array", "[]"],
  ["an array of an object", "[{}]"],
  ["a number", "0"],
  ["a number too large for a double", "-1e309"],
  ["true", "true"],
  ["a string", '"hello"'],
  ["an empty object", "{}"],
  ["whitespace only", " \n\t "],
  ["a __proto__ key", '{"__proto__":{"isAdmin":true},"email":"a@b.co","password":"a good password"}'],
  ["a constructor.prototype key", '{"constructor":{"prototype":{"polluted":true}}}'],
  ["arrays nested 100,000 deep", deep(100_000)],
  ["objects nested 20,000 deep", deepObject(20_000)],
  ["a 4 MB string", JSON.stringify({ email: `${"a".repeat(4_000_000)}@b.co`, password: "x", cursor: "x" })],
  ["an array of 300,000 numbers", JSON.stringify(Array.from({ length: 300_000 }, () => 0))],
  ["an object with 50,000 keys", manyKeys(50_000)],
  ["a 100,000-character key", `{"${"k".repeat(100_000)}":1}`],
  [
    "lone surrogates",
    `{"email":"\\ud800@b.co","password":"${eight("\\udfff")}","name":"\\ud800","clientId":"\\ud800","cursor":"\\udfff"}`,
  ],
  ["NUL characters", `{"email":"a\\u0000@b.co","password":"${eight("\\u0000")}","name":"\\u0000","cursor":"\\u0000"}`],
  ["bytes that are not UTF-8", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0xff, 0xfe, 0x7d])],
  ["an invalid \\u escape", '{"email":"\\uZZZZ"}'],
  ["a byte-order mark before {}", "\ufeff{}"],
  ["duplicate keys, the last an operator", '{"email":"a@b.co","email":{"$ne":null},"password":{"$gt":""}}'],
  [
    "SQL in every field",
    `{"email":"' OR 1=1 --","password":"' OR '1'='1","name":"x'); DROP TABLE users;--","cursor":"1 OR 1=1"}`,
  ],
  ["numbers in every field", '{"email":1,"password":2,"name":3,"clientId":4,"changes":5,"cursor":6,"limit":7}'],
  ["NaN", "NaN"],
  ["trailing garbage", '{"cursor":null}garbage'],
  ["single quotes", "{'cursor':null}"],
  ["a comment", "{/* hi */}"],
  ["an infinite limit", '{"cursor":null,"limit":1e400}'],
  ["a fractional limit", '{"cursor":null,"limit":1.5}'],
  ["a path-traversal cursor", '{"cursor":"../../etc/passwd"}'],
  ["a cursor past the safe integers", '{"cursor":"v1.99999999999999999"}'],
  ["changes that are an array", '{"clientId":"dev","changes":[],"cursor":null,"extra":1}'],
  ["a push row list with an extra field", '{"clientId":"dev","changes":{"tasks":[]},"isAdmin":true}'],
];

/** Routes that parse a body, with the credentials they need to get that far. */
const BODY_ROUTES = ["/api/auth/register", "/api/auth/login", "/api/sync/push", "/api/sync/pull", "/api/sync/full"];
/** POST routes that take no body: a hostile one must be ignored, never crash them. */
const BODYLESS_ROUTES = ["/api/auth/logout", "/api/household/invites"];

const send = (path: string, body: string | Uint8Array<ArrayBuffer>, token: string) =>
  call(
    path,
    typeof body === "string" ? { raw: body, token, method: "POST" } : { bodyInit: body, token, method: "POST" },
  );

let account: Account;
beforeAll(async () => {
  account = await registerAccount();
});

describe("hostile bodies get a 4xx with the error shape, never a 5xx", () => {
  for (const path of BODY_ROUTES) {
    test(`on ${path}`, async () => {
      const failures: string[] = [];
      for (const [what, body] of HOSTILE) {
        const res = await send(path, body, account.token);
        let shape = "ok";
        try {
          await errorOf(res);
        } catch (err) {
          shape = err instanceof Error ? err.message : String(err);
        }
        if (res.status < 400 || res.status >= 500 || shape !== "ok") failures.push(`${what}: ${res.status} ${shape}`);
      }
      expect(failures).toEqual([]);
    });
  }

  for (const path of BODYLESS_ROUTES) {
    test(`on ${path}, which ignores the body`, async () => {
      const statuses = new Set<number>();
      for (const [, body] of HOSTILE) {
        const res = await send(path, body, path.endsWith("logout") ? "" : account.token);
        statuses.add(res.status);
      }
      expect([...statuses].every((s) => s < 500)).toBe(true);
    });
  }

  test("the account used above still works: nothing was polluted or broken", async () => {
    const res = await call("/api/auth/me", { token: account.token });
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
