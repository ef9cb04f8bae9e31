import { describe, expect, test } from "vitest";
import { type CompletionFacts, type RepeatRule, completionId, fallsOn, nextOccurrence } from "./recurrence";
import { nextAssignee } from "./rotation";

const task = (repeat: RepeatRule | null, dueDate: string | null = "2026-03-02") => ({
  id: "t1",
  dueDate,
  repeat,
  createdAt: "2026-03-01T09:00:00.000Z",
});
const done = (occurrence: string, doneOn = occurrence, userId = "u1", deletedAt: string | null = null) =>
  ({ taskId: "t1", occurrence, doneOn, userId, deletedAt }) satisfies CompletionFacts;

// 2026-03-02 is a Monday.
describe("the next occurrence of a repeating chore", () => {
  test("a one-off task's is its due date, whatever its completions", () => {
    expect(nextOccurrence(task(null), [done("2026-03-02")])).toBe("2026-03-02");
    expect(nextOccurrence(task(null, null), [])).toBeNull();
  });

  test("every N days from the due date stays on schedule, however late it was done", () => {
    const rule: RepeatRule = { every: 3, unit: "day", from: "due" };
    expect(nextOccurrence(task(rule), [])).toBe("2026-03-02");
    expect(nextOccurrence(task(rule), [done("2026-03-02", "2026-03-04")])).toBe("2026-03-05");
    expect(nextOccurrence(task(rule), [done("2026-03-02"), done("2026-03-05")])).toBe("2026-03-08");
  });

  test("from completion, the rule restarts on the day it was done", () => {
    const rule: RepeatRule = { every: 3, unit: "day", from: "completion" };
    expect(nextOccurrence(task(rule), [done("2026-03-02", "2026-03-04")])).toBe("2026-03-07");
    // Done early: the next one is still after the occurrence that was done.
    const daily: RepeatRule = { every: 1, unit: "day", from: "completion" };
    expect(nextOccurrence(task(daily, "2026-03-10"), [done("2026-03-10", "2026-03-08")])).toBe("2026-03-11");
  });

  test("every 2 weeks on Monday and Thursday", () => {
    const rule: RepeatRule = { every: 2, unit: "week", weekdays: [1, 4], from: "due" };
    expect(nextOccurrence(task(rule), [done("2026-03-02")])).toBe("2026-03-05");
    expect(nextOccurrence(task(rule), [done("2026-03-05")])).toBe("2026-03-16");
    expect(fallsOn(rule, "2026-03-02", "2026-03-09")).toBe(false);
    // Started on a Wednesday: the first chosen weekday on or after it.
    expect(nextOccurrence(task(rule, "2026-03-04"), [])).toBe("2026-03-05");
  });

  test("weekly without chosen days keeps the start's weekday", () => {
    const rule: RepeatRule = { every: 1, unit: "week", from: "due" };
    expect(nextOccurrence(task(rule), [done("2026-03-02", "2026-03-20")])).toBe("2026-03-09");
  });

  test("monthly on the 31st falls on the last day of shorter months", () => {
    const rule: RepeatRule = { every: 1, unit: "month", monthDay: 31, from: "due" };
    expect(nextOccurrence(task(rule, "2026-01-31"), [done("2026-01-31")])).toBe("2026-02-28");
    expect(nextOccurrence(task(rule, "2026-01-31"), [done("2026-01-31"), done("2026-02-28")])).toBe("2026-03-31");
    const quarterly: RepeatRule = { every: 3, unit: "month", from: "due" };
    expect(nextOccurrence(task(quarterly, "2026-11-15"), [done("2026-11-15")])).toBe("2027-02-15");
  });

  test("two members ticking one occurrence give one next occurrence; an untick brings it back", () => {
    const rule: RepeatRule = { every: 1, unit: "week", from: "due" };
    const both = [done("2026-03-02", "2026-03-02", "u1"), done("2026-03-02", "2026-03-03", "u2")];
    expect(nextOccurrence(task(rule), both)).toBe("2026-03-09");
    expect(nextOccurrence(task(rule), [done("2026-03-02", "2026-03-02", "u1", "2026-03-02T10:00:00.000Z")])).toBe(
      "2026-03-02",
    );
  });

  test("a rule edited after some completions applies from the next occurrence", () => {
    const history = [done("2026-03-02"), done("2026-03-09")];
    expect(nextOccurrence(task({ every: 1, unit: "week", from: "due" }), history)).toBe("2026-03-16");
    // Now on Fridays: the first Friday after the last one done, not a rewrite of the history.
    expect(nextOccurrence(task({ every: 1, unit: "week", weekdays: [5], from: "due" }), history)).toBe("2026-03-13");
    // Moving the due date past the history starts the rule there.
    expect(nextOccurrence(task({ every: 1, unit: "week", from: "due" }, "2026-04-01"), history)).toBe("2026-04-01");
  });

  test("completion ids are per task, occurrence and member, valid row ids", () => {
    const id = completionId("0190a8b2-7c1e-7000-8000-000000000001", "2026-03-02", "user-1");
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(completionId("0190a8b2-7c1e-7000-8000-000000000001", "2026-03-02", "user-1")).toBe(id);
    expect(completionId("0190a8b2-7c1e-7000-8000-000000000001", "2026-03-02", "user-2")).not.toBe(id);
    expect(completionId("0190a8b2-7c1e-7000-8000-000000000001", "2026-03-09", "user-1")).not.toBe(id);
  });
});

describe("rotation", () => {
  test("round-robin takes turns per occurrence done, not per member who ticked", () => {
    const rr = { mode: "round-robin" as const, members: ["a", "b", "c"] };
    expect(nextAssignee("t1", rr, [])).toBe("a");
    expect(nextAssignee("t1", rr, [done("2026-03-02", "2026-03-02", "a")])).toBe("b");
    const twice = [done("2026-03-02", "2026-03-02", "a"), done("2026-03-02", "2026-03-02", "b")];
    expect(nextAssignee("t1", rr, twice)).toBe("b");
    expect(nextAssignee("t1", rr, [...twice, done("2026-03-09", "2026-03-09", "b"), done("2026-03-16")])).toBe("a");
  });

  test("least-done picks whoever did it least in the last 30 days, then longest ago, then list order", () => {
    const ld = { mode: "least-done" as const, members: ["a", "b"] };
    expect(nextAssignee("t1", ld, [])).toBe("a");
    expect(nextAssignee("t1", ld, [done("2026-03-01", "2026-03-01", "a")])).toBe("b");
    // b did it twice, but both over 30 days before the latest completion.
    const old = [done("2026-01-01", "2026-01-01", "b"), done("2026-01-02", "2026-01-02", "b")];
    expect(nextAssignee("t1", ld, [...old, done("2026-03-01", "2026-03-01", "a")])).toBe("b");
    const even = [done("2026-03-01", "2026-03-01", "b"), done("2026-03-02", "2026-03-02", "a")];
    expect(nextAssignee("t1", ld, even)).toBe("b");
  });
});
