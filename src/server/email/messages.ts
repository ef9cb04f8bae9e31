import type { EmailMessage } from "./email-sender";

/**
 * Links in emails point at the app: the first `API_BASE_URL`; without one (locally), the page's own
 * origin (the `Origin` header, already checked by checkOrigin), else the request URL's.
 */
export function appOrigin(req: Request, allowedOrigins: string[]): string {
  const origin = req.headers.get("origin");
  return allowedOrigins[0] ?? (origin && URL.canParse(origin) ? new URL(origin).origin : new URL(req.url).origin);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A plain message: paragraphs, one link; the HTML part says exactly what the text part says. */
function message(
  to: string,
  subject: string,
  paragraphs: string[],
  link: { url: string; label: string },
): EmailMessage {
  const text = [...paragraphs.slice(0, 1), `${link.label}: ${link.url}`, ...paragraphs.slice(1), "— Domus"].join(
    "\n\n",
  );
  const html = [
    `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(paragraphs[0] ?? "")}</p>`,
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
    ...paragraphs.slice(1).map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>— Domus</p></body></html>`,
  ].join("");
  return { to, subject, text, html };
}

export function resetMessage(input: { to: string; name: string; householdName: string; url: string; minutes: number }) {
  return message(
    input.to,
    "Reset your Domus password",
    [
      `Hello ${input.name}, someone (hopefully you) asked to reset the password of your Domus account for ${input.householdName}.`,
      `The link works once and expires in ${input.minutes} minutes. Using it signs out every device signed in to your account.`,
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ],
    { url: input.url, label: "Choose a new password" },
  );
}

export function verifyMessage(input: { to: string; name: string; householdName: string; url: string }) {
  return message(
    input.to,
    "Confirm your email for Domus",
    [
      `Hello ${input.name}, please confirm that this is your email address for Domus (${input.householdName}).`,
      "Confirming lets you reset your password by email if you ever forget it.",
    ],
    { url: input.url, label: "Confirm my email" },
  );
}

export function inviteMessage(input: {
  to: string;
  inviter: string;
  householdName: string;
  url: string;
  expiresAt: string;
}) {
  return message(
    input.to,
    `${input.inviter} invited you to ${input.householdName} on Domus`,
    [
      `${input.inviter} invited you to join ${input.householdName} on Domus, to share chores, shopping and notes.`,
      `The invite works once and expires on ${input.expiresAt.slice(0, 10)}.`,
    ],
    { url: input.url, label: `Join ${input.householdName}` },
  );
}
