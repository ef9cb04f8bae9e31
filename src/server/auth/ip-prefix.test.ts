import { describe, expect, test } from "vitest";
import { call, registerAccount } from "../../../test/server-helpers";
import { ipv6Prefix64 } from "./password-attempt";

describe("per-address limits count an IPv6 client by its /64", () => {
  test("addresses of one /64 share the prefix, whatever their notation", () => {
    expect(ipv6Prefix64("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipv6Prefix64("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(ipv6Prefix64("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipv6Prefix64("::1")).toBe("0:0:0:0::/64");
    expect(ipv6Prefix64("not:an::ip::at:all")).toBe("not:an::ip::at:all");
  });

  test("guesses spread over many addresses of one /64 are counted together", async () => {
    const account = await registerAccount();
    const limits = { RATE_LIMIT_LOGIN_PER_IP: "5/15m" };
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const res = await call("/api/auth/login", {
        body: { email: `spray-${i}-${crypto.randomUUID()}@example.com`, password: "guess password" },
        headers: { "cf-connecting-ip": `2001:db8:77:1:${i.toString(16)}::${i}` },
        env: limits,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const elsewhere = await call("/api/auth/login", {
      body: { email: account.user.email, password: account.password },
      headers: { "cf-connecting-ip": "2001:db8:77:2::1" },
      env: limits,
    });
    expect(elsewhere.status).toBe(200);
  });
});
