import { expect, test } from "vitest";
import { retryAfterSentence } from "./retry-after";

test("a rate-limited answer says when to try again, from Retry-After seconds or date", () => {
  const now = Date.parse("2026-11-30T10:00:00.000Z");
  expect(retryAfterSentence("1", now)).toBe("Try again in 1 second.");
  expect(retryAfterSentence("45", now)).toBe("Try again in 45 seconds.");
  expect(retryAfterSentence("61", now)).toBe("Try again in 2 minutes.");
  expect(retryAfterSentence("3600", now)).toBe("Try again in 1 hour.");
  expect(retryAfterSentence("Mon, 30 Nov 2026 10:05:00 GMT", now)).toBe("Try again in 5 minutes.");
  expect(retryAfterSentence(null, now)).toBeNull();
  expect(retryAfterSentence("soon", now)).toBeNull();
});
