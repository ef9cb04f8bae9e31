import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import { joinHousehold, registerAccount, type Account } from "../../../test/server-helpers";
import { at, preference, push, task } from "../../../test/sync-test-kit";
import {
  type Device,
  afterResponse,
  expire,
  received,
  storedEndpoints,
  subscribedDevice,
} from "../../../test/push-kit";
import { preferenceId } from "../../core/preference-id";
import { REMINDER_KEYS } from "../../core/reminders";
import { runScheduled, REMINDER_CRON } from "../maintenance/scheduled";

// The Worker's Web Push against a local push service (web-push-testing, test/push-service.ts) that
// accepts a message only with a valid VAPID signature for the key the device subscribed with, and
// decrypts its payload: what it decrypted is what the device's service worker would show.

type ScheduledEnv = Parameters<typeof runScheduled>[0];
const scheduledEnv = () => ({ ...(env as unknown as ScheduledEnv) });

async function household(): Promise<{ alex: Account; sam: Account }> {
  const alex = await registerAccount({ name: "Alex" });
  const sam = await joinHousehold(alex, "Sam");
  return { alex, sam };
}

/** Pushes as `who` and waits for the work the push left running (the notices). */
async function pushAndSettle(who: Account, changes: Record<string, unknown[]>) {
  const after = afterResponse();
  const pushed = await push(who, changes, { overrides: after.overrides });
  await after.settled();
  return pushed;
}

/** The daily reminders a device got (assignment notices from setting up the chores left out). */
const daily = async (device: Device) => (await received(device)).filter((m) => m.tag === "daily");

const switchRow = (who: Account, name: keyof typeof REMINDER_KEYS, value: boolean, ts: string) =>
  preference(preferenceId(who.user.id, REMINDER_KEYS[name]), ts, { key: REMINDER_KEYS[name], value });

describe("a chore newly assigned by someone else", () => {
  test("notifies the assignee's devices with the chore and who gave it, once", async () => {
    const { alex, sam } = await household();
    const phone = await subscribedDevice(sam);
    const laptop = await subscribedDevice(sam);
    const alexPhone = await subscribedDevice(alex);
    const pushed = await pushAndSettle(alex, {
      tasks: [task("bins", at(0), { title: "Take out the bins", assigneeId: sam.user.id })],
    });
    expect(pushed.results()[0]?.status).toBe("applied");
    const expected = { title: "New chore for you", body: "Alex gave you “Take out the bins”.", url: "/" };
    expect(await received(phone)).toMatchObject([expected]);
    expect(await received(laptop)).toMatchObject([expected]);
    expect(await received(alexPhone)).toEqual([]);
    // Editing the title of a chore already Sam's is no new assignment.
    await pushAndSettle(alex, {
      tasks: [{ id: "bins", updatedAt: at(5), title: "Bins out", assigneeId: sam.user.id }],
    });
    expect(await received(phone)).toHaveLength(1);
  });

  test("taking a chore yourself, or a push whose assignee lost the merge, sends nothing", async () => {
    const { alex, sam } = await household();
    const samPhone = await subscribedDevice(sam);
    const alexPhone = await subscribedDevice(alex);
    await pushAndSettle(alex, { tasks: [task("mine", at(0), { assigneeId: alex.user.id })] });
    await pushAndSettle(sam, { tasks: [task("dishes", at(10), { assigneeId: sam.user.id })] });
    // Alex's older offline edit loses to Sam's newer one: the chore stays Sam's own, no notice.
    await pushAndSettle(alex, { tasks: [{ id: "dishes", updatedAt: at(1), assigneeId: sam.user.id }] });
    await pushAndSettle(sam, { tasks: [{ id: "dishes", updatedAt: at(20), assigneeId: alex.user.id }] });
    await pushAndSettle(alex, { tasks: [{ id: "dishes", updatedAt: at(2), assigneeId: sam.user.id }] });
    expect(await received(samPhone)).toEqual([]);
    expect(await received(alexPhone)).toMatchObject([{ body: "Sam gave you “Take the bins out”." }]);
  });

  test("the assignee's switch turned off sends nothing; a member of another household is never reached", async () => {
    const { alex, sam } = await household();
    const samPhone = await subscribedDevice(sam);
    await push(sam, { preferences: [switchRow(sam, "assigned", false, at(0))] });
    await pushAndSettle(alex, { tasks: [task("t1", at(1), { assigneeId: sam.user.id })] });
    expect(await received(samPhone)).toEqual([]);

    const stranger = await registerAccount({ name: "Eve" });
    const strangerPhone = await subscribedDevice(stranger);
    await pushAndSettle(alex, { tasks: [task("t2", at(2), { assigneeId: stranger.user.id })] });
    expect(await received(strangerPhone)).toEqual([]);
  });

  test("a device the push service no longer knows (410) is deleted; the push itself succeeds", async () => {
    const { alex, sam } = await household();
    const gone = await subscribedDevice(sam);
    const kept = await subscribedDevice(sam);
    await expire(gone);
    const pushed = await pushAndSettle(alex, { tasks: [task("t", at(0), { assigneeId: sam.user.id })] });
    expect(pushed.status).toBe(200);
    expect(await storedEndpoints(sam)).toEqual([kept.endpoint]);
    expect(await received(kept)).toHaveLength(1);
  });
});

describe("the daily reminder (cron)", () => {
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  /** A moment in the member's morning of `today` (UTC), past the reminder hour. */
  const morning = Date.parse(`${today}T09:30:00Z`);

  test("lists what is due for the member, at most once a day, not before the morning", async () => {
    const { alex, sam } = await household();
    const samPhone = await subscribedDevice(sam, "UTC");
    await push(alex, {
      tasks: [
        task("due", at(0), { title: "Water plants", dueDate: today, assigneeId: sam.user.id }),
        task("late", at(1), { title: "Pay rent", dueDate: yesterday }),
        task("alexs", at(2), { title: "Alex's chore", dueDate: today, assigneeId: alex.user.id }),
        task("later", at(3), { title: "Later", dueDate: tomorrow, assigneeId: sam.user.id }),
      ],
    });
    await runScheduled(scheduledEnv(), Date.parse(`${today}T06:00:00Z`), REMINDER_CRON);
    expect(await daily(samPhone)).toEqual([]);
    await runScheduled(scheduledEnv(), morning, REMINDER_CRON);
    await runScheduled(scheduledEnv(), morning + 3_600_000, REMINDER_CRON);
    expect(await daily(samPhone)).toEqual([
      { title: "2 chores to do today", body: "Pay rent, Water plants (1 overdue).", tag: "daily", url: "/" },
    ]);
  });

  test("overlapping runs send one; the switch off sends none; nothing due sends nothing", async () => {
    const { alex, sam } = await household();
    const samPhone = await subscribedDevice(sam, "UTC");
    const alexPhone = await subscribedDevice(alex, "UTC");
    await push(alex, { tasks: [task("due", at(0), { title: "Hoover", dueDate: today, assigneeId: sam.user.id })] });
    await push(alex, { preferences: [switchRow(alex, "daily", false, at(0))] });
    await Promise.all([1, 2, 3].map(() => runScheduled(scheduledEnv(), morning, REMINDER_CRON)));
    expect(await daily(samPhone)).toHaveLength(1);
    expect(await daily(alexPhone)).toEqual([]);
  });

  test("goes out in the morning of the device's time zone", async () => {
    const { sam } = await household();
    const phone = await subscribedDevice(sam, "Pacific/Auckland");
    await push(sam, { tasks: [task("t", at(0), { title: "Feed cat", dueDate: "2030-01-15" })] });
    // 2030-01-14 20:00 UTC is 09:00 on the 15th in Auckland (UTC+13 in January).
    await runScheduled(scheduledEnv(), Date.parse("2030-01-14T18:00:00Z"), REMINDER_CRON);
    expect(await daily(phone)).toEqual([]);
    await runScheduled(scheduledEnv(), Date.parse("2030-01-14T20:00:00Z"), REMINDER_CRON);
    expect(await daily(phone)).toMatchObject([{ title: "1 chore to do today", body: "Feed cat." }]);
  });
});
