// Setup file of the e2e suite: a test fails if any page it opened reported a Content-Security-Policy
// violation, so the policy (src/server/http/security-headers.ts) always allows what the app uses.
import { afterEach, expect } from "vitest";
import { takeCspViolations } from "./browser";

afterEach(() => {
  expect(takeCspViolations(), "Content-Security-Policy violations").toEqual([]);
});
