import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import {
  confirmDialog,
  linkFromMail,
  localRowsOf,
  openHousehold,
  signInExpectingFailure,
  whoAmI,
} from "./account-pages";
import { useBrowser } from "./fixtures";
import {
  addTask,
  createInvite,
  eventually,
  heading,
  newAccount,
  noLongerSee,
  openTab,
  see,
  signIn,
  signUp,
  syncNow,
  task,
  waitForSyncStatus,
} from "./pages";

// Accounts and households that run themselves (issue 12), each with two or three browser profiles.

const { newDevice } = useBrowser();

test("a forgotten password is reset from the emailed link, which then no longer works", async (ctx) => {
  const alex = newAccount("Alex Reset");
  const laptop = await newDevice(ctx, { phone: false });
  await signUp(laptop.page, alex);
  const phone = await newDevice(ctx);
  await signIn(phone.page, alex);

  await phone.page.goto("/signin");
  await phone.page.getByRole("link", { name: "Forgot password?" }).click();
  await see(heading(phone.page, "Forgot your password?"));
  await phone.page.getByLabel("Email", { exact: true }).fill(alex.email);
  await phone.page.getByRole("button", { name: "Send me a link" }).click();
  await see(phone.page.getByText("If an account uses that address, we sent it a link"));

  // The local mailbox page shows the message; its link opens the reset page.
  await linkFromMail(phone.page, alex.email, /Reset your Domus password/);
  await phone.page.goto(`/dev/mailbox?to=${encodeURIComponent(alex.email)}`);
  await see(phone.page.getByRole("heading", { name: "Reset your Domus password" }));
  await phone.page
    .getByRole("link", { name: /\/reset-password#token=/ })
    .first()
    .click();
  await see(heading(phone.page, "Choose a new password"));
  const resetUrl = phone.page.url();
  await phone.page.getByLabel("New password").fill("a brand new password");
  await phone.page.getByRole("button", { name: "Save and sign in" }).click();
  await see(heading(phone.page, "Today"));

  // Every other session ended: the laptop hears it over the live channel, or at its next sync.
  const laptopSync = laptop.page.getByRole("banner").getByRole("button", { name: "Sync now" });
  if (await laptopSync.isVisible()) await laptopSync.click({ timeout: 5_000 }).catch(() => undefined);
  await waitForSyncStatus(laptop.page, "Signed out");
  await signInExpectingFailure(laptop.page, alex);
  await signIn(laptop.page, { ...alex, password: "a brand new password" });

  // The link worked once.
  await phone.page.goto(resetUrl);
  await phone.page.getByLabel("New password").fill("yet another password");
  await phone.page.getByRole("button", { name: "Save and sign in" }).click();
  await see(phone.page.getByRole("alert").getByText("This link was already used."));
});

test("changing the password ends the other device's session; signing out a listed device ends it too", async (ctx) => {
  const sam = newAccount("Sam Devices");
  const laptop = await newDevice(ctx, { phone: false });
  await signUp(laptop.page, sam);
  const phone = await newDevice(ctx);
  await signIn(phone.page, sam);
  const tablet = await newDevice(ctx);
  await signIn(tablet.page, sam);

  // Settings lists the three devices, this one marked; sign out the phone from the laptop.
  await openTab(laptop.page, "Settings");
  const devices = laptop.page.getByRole("list", { name: "Signed-in devices" });
  await see(devices.getByText("(this device)"));
  expect(await devices.getByRole("listitem").count()).toBe(3);
  await devices
    .getByRole("button", { name: /^Sign out / })
    .first()
    .click();
  await see(laptop.page.getByText(/was signed out\./));
  await expectSignedOutCount(laptop.page, 2);
  const signedOut = await Promise.all(
    [phone, tablet].map(async (d) => (await d.page.request.get("/api/auth/me")).status()),
  );
  expect(signedOut.sort()).toEqual([200, 401]);
  const stillIn = signedOut[0] === 200 ? phone : tablet;

  // Change the password on the laptop: the other device still signed in is signed out.
  await laptop.page.getByLabel("Current password").fill(sam.password);
  await laptop.page.getByLabel("New password").fill("a changed password");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await see(laptop.page.getByText("Password changed. 1 other device was signed out."));
  // The live channel tells the other device at once (its socket closes); without it, its next sync does.
  const syncButton = stillIn.page.getByRole("banner").getByRole("button", { name: "Sync now" });
  if (await syncButton.isVisible()) await syncButton.click({ timeout: 5_000 }).catch(() => undefined);
  await waitForSyncStatus(stillIn.page, "Signed out");
  expect((await laptop.page.request.get("/api/auth/me")).status()).toBe(200);
});

async function expectSignedOutCount(page: Page, remaining: number): Promise<void> {
  const list = page.getByRole("list", { name: "Signed-in devices" });
  await eventually(
    `${remaining} devices listed`,
    () => list.getByRole("listitem").count(),
    (n) => n === remaining,
  );
}

test("the owner removes a member, whose open device then says so and keeps nothing of the household", async (ctx) => {
  const alex = newAccount("Alex Owner", "Harbour House");
  const robin = newAccount("Robin Member");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  await addTask(alexPhone.page, "Fix the gate");
  await syncNow(alexPhone.page);
  const code = await createInvite(alexPhone.page);
  const robinPhone = await newDevice(ctx);
  await signUp(robinPhone.page, robin, { inviteCode: code });
  await syncNow(robinPhone.page);
  await see(task(robinPhone.page, "Fix the gate"));
  const before = await whoAmI(robinPhone.page);
  expect(await localRowsOf(robinPhone.page, before.user.id, before.household.id)).toBeGreaterThan(0);

  await openHousehold(alexPhone.page);
  await alexPhone.page.getByRole("button", { name: "Remove Robin Member" }).click();
  await confirmDialog(alexPhone.page, "Remove");
  await see(alexPhone.page.getByText("Robin Member was removed."));

  await robinPhone.page.getByRole("banner").getByRole("button", { name: "Sync now" }).click();
  await see(robinPhone.page.getByText("The owner removed you from Harbour House."));
  await see(robinPhone.page.getByRole("banner").getByText("Robin Member's home"));
  await noLongerSee(task(robinPhone.page, "Fix the gate"));
  expect(await localRowsOf(robinPhone.page, before.user.id, before.household.id)).toBe(0);
  const keys = await robinPhone.page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.includes(before.household.id))).toEqual([]);
});

test("a member leaves; the owner hands over the household to another member", async (ctx) => {
  const alex = newAccount("Alex Lead", "Maple Flat");
  const robin = newAccount("Robin Stays");
  const kit = newAccount("Kit Leaves");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  const robinPhone = await newDevice(ctx);
  await signUp(robinPhone.page, robin, { inviteCode: await createInvite(alexPhone.page) });
  const kitPhone = await newDevice(ctx);
  await signUp(kitPhone.page, kit, { inviteCode: await createInvite(alexPhone.page) });

  await openHousehold(kitPhone.page);
  await kitPhone.page.getByRole("button", { name: "Leave Maple Flat" }).click();
  await confirmDialog(kitPhone.page, "Leave");
  await see(kitPhone.page.getByText("You left Maple Flat."));
  await see(kitPhone.page.getByRole("banner").getByText("Kit Leaves's home"));

  await openHousehold(alexPhone.page);
  await see(alexPhone.page.getByText("Robin Stays"));
  await noLongerSee(alexPhone.page.getByText("Kit Leaves"));
  await alexPhone.page.getByRole("button", { name: "Make Robin Stays the owner" }).click();
  await confirmDialog(alexPhone.page, "Hand over");
  await see(alexPhone.page.getByText("Robin Stays is now the owner."));
  await see(alexPhone.page.getByText("Only the owner can rename the household, invite or remove people."));

  await openHousehold(robinPhone.page);
  await robinPhone.page.getByLabel("Household name").fill("Maple Flat 2");
  await robinPhone.page.getByRole("button", { name: "Rename" }).click();
  await see(robinPhone.page.getByText("Household renamed."));
  await see(heading(robinPhone.page, "Maple Flat 2"));
});

test("an invite sent by email is joined through its link; a revoked one fails", async (ctx) => {
  const alex = newAccount("Alex Inviter", "Birch Row");
  const friend = newAccount("Friend Joins");
  const other = newAccount("Other Friend");
  const alexPhone = await newDevice(ctx);
  await signUp(alexPhone.page, alex);
  await openHousehold(alexPhone.page);
  const pending = alexPhone.page.getByRole("list", { name: "Pending invites" });
  for (const to of [friend.email, other.email]) {
    await alexPhone.page.getByLabel("Invite by email").fill(to);
    await alexPhone.page.getByRole("button", { name: "Send invite" }).click();
    await see(alexPhone.page.getByText(`Invite sent to ${to}.`));
    await see(pending.getByText(`Sent to ${to}`, { exact: false }));
  }

  // Revoke the second: its link no longer works.
  const otherLink = await linkFromMail(alexPhone.page, other.email, /invited you to Birch Row/);
  const otherCode = otherLink.split("/join/")[1]!;
  await alexPhone.page.getByRole("button", { name: `Revoke invite ${otherCode}` }).click();
  await see(alexPhone.page.getByText(`Invite ${otherCode} revoked: it no longer works.`));
  const otherPhone = await newDevice(ctx);
  await otherPhone.page.goto(new URL(otherLink).pathname);
  await see(heading(otherPhone.page, "Join your household"));
  await otherPhone.page.getByLabel("Your name", { exact: true }).fill(other.name);
  await otherPhone.page.getByLabel("Email", { exact: true }).fill(other.email);
  await otherPhone.page.getByLabel("Password", { exact: true }).fill(other.password);
  await otherPhone.page.getByRole("button", { name: "Join household" }).click();
  await see(otherPhone.page.getByText("That invite code is not valid or has expired.").first());

  // The first link opens sign-up with the code, and joins the household.
  const friendLink = await linkFromMail(alexPhone.page, friend.email, /Alex Inviter invited you to Birch Row/);
  const friendPhone = await newDevice(ctx);
  await friendPhone.page.goto(new URL(friendLink).pathname);
  await see(heading(friendPhone.page, "Join your household"));
  await friendPhone.page.getByLabel("Your name", { exact: true }).fill(friend.name);
  await friendPhone.page.getByLabel("Email", { exact: true }).fill(friend.email);
  await friendPhone.page.getByLabel("Password", { exact: true }).fill(friend.password);
  await friendPhone.page.getByRole("button", { name: "Join household" }).click();
  await see(heading(friendPhone.page, "Today"));
  await see(friendPhone.page.getByRole("banner").getByText("Birch Row"));
  await openHousehold(alexPhone.page);
  await see(alexPhone.page.getByText("Friend Joins"));
  await see(alexPhone.page.getByText("No pending invites."));
});
