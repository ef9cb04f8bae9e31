import { describe, expect, test } from "vitest";
import { badgeCount, dailyMessage, dueChores, localDayAndHour, pushSubscribeRequest, switchValue } from "./reminders";
import { choresFrom } from "./chores";
import { TS, done, task } from "./chore-fixtures";

const TODAY = "2026-03-04";

describe("what the badge counts and the daily reminder lists", () => {
  const tasks = [
    task("today-mine", { dueDate: TODAY, assigneeId: "me" }),
    task("late-nobody", { dueDate: "2026-03-01" }),
    task("today-theirs", { dueDate: TODAY, assigneeId: "them" }),
    task("tomorrow", { dueDate: "2026-03-05", assigneeId: "me" }),
    task("undated", { assigneeId: "me" }),
    task("done", { dueDate: TODAY, completedAt: TS }),
    task("weekly", { dueDate: "2026-02-25", repeat: { every: 1, unit: "week", from: "due" } }),
  ];

  test("due today or overdue, mine or nobody's, not done, soonest first", () => {
    expect(dueChores(choresFrom(tasks, []), TODAY, "me").map((c) => c.task.id)).toEqual([
      "weekly",
      "late-nobody",
      "today-mine",
    ]);
    expect(badgeCount(tasks, [], TODAY, "me")).toBe(3);
    // Signed out there is no "me": every chore due counts.
    expect(badgeCount(tasks, [], TODAY, null)).toBe(4);
  });

  test("a repeating chore's done occurrence moves it on, out of the count", () => {
    expect(badgeCount(tasks, [done("weekly", "2026-02-25", "them")], TODAY, "me")).toBe(3);
    expect(badgeCount(tasks, [done("weekly", "2026-02-25", "u"), done("weekly", "2026-03-04", "u")], TODAY, "me")).toBe(
      2,
    );
  });

  test("the daily message names up to three chores and how many are overdue; none when nothing is due", () => {
    const due = dueChores(choresFrom(tasks, []), TODAY, "me");
    expect(dailyMessage(due, TODAY)).toEqual({
      title: "3 chores to do today",
      body: "weekly, late-nobody, today-mine (2 overdue).",
      tag: "daily",
      url: "/",
    });
    const many = dueChores(choresFrom([...tasks, task("extra", { dueDate: TODAY })], []), TODAY, "me");
    expect(dailyMessage(many, TODAY)?.body).toBe("weekly, late-nobody, today-mine and 1 more (2 overdue).");
    expect(dailyMessage([], TODAY)).toBeNull();
  });
});

test("a switch is its stored boolean, else on", () => {
  expect(switchValue("daily", false)).toBe(false);
  expect(switchValue("daily", undefined)).toBe(true);
  expect(switchValue("badge", "off")).toBe(true);
});

test("the local day and hour follow the time zone across the date line", () => {
  const at = Date.parse("2030-01-14T20:30:00Z");
  expect(localDayAndHour(at, "UTC")).toEqual({ day: "2030-01-14", hour: 20 });
  expect(localDayAndHour(at, "Pacific/Auckland")).toEqual({ day: "2030-01-15", hour: 9 });
  expect(localDayAndHour(at, "America/Los_Angeles")).toEqual({ day: "2030-01-14", hour: 12 });
});

test("a subscription must be https with keys of the right size and a real time zone", () => {
  const valid = {
    endpoint: "https://push.example/x",
    keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) },
    timeZone: "Europe/Berlin",
  };
  expect(pushSubscribeRequest.safeParse(valid).success).toBe(true);
  expect(pushSubscribeRequest.safeParse({ ...valid, endpoint: "http://push.example/x" }).success).toBe(false);
  expect(pushSubscribeRequest.safeParse({ ...valid, timeZone: "Nowhere/Land" }).success).toBe(false);
  expect(pushSubscribeRequest.safeParse({ ...valid, keys: { ...valid.keys, auth: "A".repeat(21) } }).success).toBe(
    false,
  );
});
