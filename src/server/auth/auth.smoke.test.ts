import { describe, expect, test } from "vitest";
import { call, jsonOf, registerAccount } from "../../../test/server-helpers";

describe("accounts", () => {
  test("a new account can read who it is", async () => {
    const account = await registerAccount();
    const res = await call("/api/auth/me", { token: account.token });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ user: account.user, household: account.household });
  });
});
