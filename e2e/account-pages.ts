import type { Page } from "playwright-core";
import { type Account, eventually, heading, see, storedRowsHolding } from "./pages";

// Helpers for account and household management: the local mailbox, Settings and Household screens.

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

/** The local mailbox of `to`, newest first (GET /api/dev/mailbox, which `npm start` serves). */
export async function mailbox(page: Page, to: string): Promise<Mail[]> {
  const res = await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
  if (!res.ok()) throw new Error(`mailbox answered ${res.status()}`);
  return (await res.json()) as Mail[];
}

/** Waits for a message to `to` whose subject matches, and returns the first link in it. */
export async function linkFromMail(page: Page, to: string, subject: RegExp): Promise<string> {
  const mails = await eventually(
    `an email "${String(subject)}" to ${to}`,
    () => mailbox(page, to),
    (ms) => ms.some((m) => subject.test(m.subject)),
  );
  const mail = mails.find((m) => subject.test(m.subject))!;
  const link = /(https?:\/\/\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no link in "${mail.subject}"`);
  return link;
}

/** Settings → Members & invites. */
export async function openHousehold(page: Page): Promise<void> {
  await page.goto("/household");
  await see(page.getByRole("heading", { name: "Members" }));
}

/** Confirms the household dialog (Remove / Hand over / Leave). */
export async function confirmDialog(page: Page, button: string): Promise<void> {
  await page.getByRole("dialog").getByRole("button", { name: button, exact: true }).click();
}

/** Everything of a household this browser still holds: rows in the account's database naming it. */
export async function localRowsOf(page: Page, userId: string, householdId: string): Promise<number> {
  return storedRowsHolding(page, householdId, { database: `domus-u-${userId}` });
}

export async function whoAmI(page: Page): Promise<{ user: { id: string }; household: { id: string; name: string } }> {
  return (await (await page.request.get("/api/auth/me")).json()) as {
    user: { id: string };
    household: { id: string; name: string };
  };
}

export async function signInExpectingFailure(page: Page, account: Account): Promise<void> {
  await page.goto("/signin");
  await see(heading(page, "Welcome back"));
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await see(page.getByRole("alert").getByText("The email or password is not correct."));
}
