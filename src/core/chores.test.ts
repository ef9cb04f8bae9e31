import { describe, expect, test } from "vitest";
import { relativeDayName } from "./calendar-date";
import { choresFrom, doneThisWeek, todaySections } from "./chores";
import { TS, done, task } from "./chore-fixtures";

// Wednesday 2026-03-04.
const TODAY = "2026-03-04";

describe("the Today view", () => {
  test("sorts chores to do into overdue, due today, assigned to me and later; done one-offs leave", () => {
    const tasks = [
      task("late", { dueDate: "2026-03-03" }),
      task("now", { dueDate: TODAY, assigneeId: "u2" }),
      task("mine", { dueDate: "2026-03-09", assigneeId: "me" }),
      task("mine-undated", { assigneeId: "me" }),
      task("theirs", { dueDate: "2026-03-05", assigneeId: "u2" }),
      task("finished", { dueDate: "2026-03-01", completedAt: TS }),
      task("gone", { dueDate: TODAY, deletedAt: TS }),
    ];
    const s = todaySections(choresFrom(tasks, []), TODAY, "me");
    const ids = (k: keyof typeof s) => s[k].map((c) => c.task.id);
    expect([ids("overdue"), ids("today"), ids("mine"), ids("later")]).toEqual([
      ["late"],
      ["now"],
      ["mine", "mine-undated"],
      ["theirs"],
    ]);
    const onlyMine = todaySections(choresFrom(tasks, []), TODAY, "me", true);
    expect(
      Object.values(onlyMine)
        .flat()
        .map((c) => c.task.id),
    ).toEqual(["mine", "mine-undated"]);
  });

  test("a repeating chore shows its next occurrence and its rotation's next member", () => {
    const chore = task("bins", {
      dueDate: "2026-03-02",
      repeat: { every: 1, unit: "week", from: "due" },
      rotation: { mode: "round-robin", members: ["me", "u2"] },
    });
    const [before] = choresFrom([chore], []);
    expect(before).toMatchObject({ due: "2026-03-02", assigneeId: "me", repeating: true, done: false });
    expect(todaySections([before!], TODAY, "me").overdue).toHaveLength(1);
    const [after] = choresFrom([chore], [done("bins", "2026-03-02", "me", TODAY)]);
    expect(after).toMatchObject({ due: "2026-03-09", assigneeId: "u2" });
    expect(todaySections([after!], TODAY, "me").later).toHaveLength(1);
  });

  test("given the last chores, a chore whose task and completions are the same rows is the same object", () => {
    const bins = task("bins", {
      dueDate: "2026-03-02",
      repeat: { every: 1, unit: "week", from: "due" },
      rotation: { mode: "round-robin", members: ["me", "u2"] },
    });
    const dishes = task("dishes", { dueDate: TODAY });
    const first = choresFrom([bins, dishes], []);
    const again = choresFrom([bins, dishes], [], first);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    // A completion of the bins derives the bins anew (next week, the other member); the dishes stay.
    const completions = [done("bins", "2026-03-02", "me", TODAY)];
    const ticked = choresFrom([bins, dishes], completions, again);
    expect(ticked[0]).not.toBe(first[0]);
    expect(ticked[0]).toMatchObject({ due: "2026-03-09", assigneeId: "u2" });
    expect(ticked[1]).toBe(first[1]);
    // A changed task row (a new object) is derived anew, and what is derived is what a fresh call derives.
    const doneDishes = { ...dishes, completedAt: TS };
    const after = choresFrom([bins, doneDishes], completions, ticked);
    expect(after[0]).toBe(ticked[0]);
    expect(after[1]).toMatchObject({ task: doneDishes, done: true });
    expect(after).toEqual(choresFrom([bins, doneDishes], completions));
  });

  test("counts each member's chores done since Monday", () => {
    const counts = doneThisWeek(
      [
        done("a", "2026-03-02", "me"),
        done("a", "2026-03-03", "me"),
        done("b", "2026-03-04", "u2"),
        done("c", "2026-03-01", "u2"), // Sunday: last week
        { ...done("d", "2026-03-04", "u2"), deletedAt: TS },
      ],
      TODAY,
    );
    expect(Object.fromEntries(counts)).toEqual({ me: 2, u2: 1 });
  });

  test("days next to today read Yesterday, Today and Tomorrow", () => {
    expect(relativeDayName("2026-03-03", TODAY)).toBe("Yesterday");
    expect(relativeDayName(TODAY, TODAY)).toBe("Today");
    expect(relativeDayName("2026-03-05", TODAY)).toBe("Tomorrow");
    expect(relativeDayName("2026-03-02", TODAY)).toBeNull();
    expect(relativeDayName("2026-01-01", "2025-12-31")).toBe("Tomorrow");
  });
});
