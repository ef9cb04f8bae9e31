import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { useBrowser } from "./fixtures";
import { addNote, addShoppingItem, addTask, checkShoppingItem, heading, newAccount, see, signUp } from "./pages";

const { newDevice } = useBrowser();

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what axe-core can check automatically. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const SCHEMES = ["light", "dark"] as const;
/**
 * One axe run takes seconds on a loaded machine (colour contrast reads every text node), and a sweep
 * is some thirty runs: the four sweeps run one after another, each with its own time limit.
 */
const SWEEP_TIMEOUT = 300_000;

/** One line per failing node: rule, what is wrong, where, and axe's own summary of the fix. */
async function violations(page: Page, where: string): Promise<string[]> {
  // Rows below the fold skip rendering (content-visibility: auto), so after a scheme switch their
  // colours can still be the previous scheme's when axe reads them. Render everything, as scrolling
  // to it would: a rule (adopted through the CSSOM, which the CSP allows) that also covers rows React
  // inserts after this point, then wait for a rendered frame so every style is of the current scheme.
  await page.evaluate(async () => {
    if (!document.adoptedStyleSheets.some((s) => s.cssRules[0]?.cssText.includes("content-visibility"))) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync("* { content-visibility: visible !important; }");
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
  let result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // Colours are read from computed styles: one element of a page rendered in the other scheme has
  // been seen to keep that scheme's colour for a moment after the switch. A real contrast failure is
  // there on a second reading after two more frames; a stale style is not.
  if (result.violations.some((v) => v.id === "color-contrast")) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  }
  // A run that checked nothing (axe not injected, an empty page) must not pass as clean.
  if (result.passes.length === 0) return [`${where} · axe checked nothing`];
  return result.violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${where} · ${v.id} (${v.impact}): ${v.help}\n    at ${n.target.join(" ")}\n    ${n.failureSummary}`,
    ),
  );
}

/**
 * Visits each page and runs axe in the light and the dark scheme (one device per viewport, the scheme
 * switched with prefers-color-scheme), collecting every violation so one run reports them all.
 */
async function sweep(page: Page, pages: readonly [path: string, title: string | RegExp][], size: string) {
  const found: string[] = [];
  for (const [path, title] of pages) {
    await page.goto(path);
    await see(heading(page, title));
    found.push(...(await inBothSchemes(page, `${path} (${size}`)));
  }
  return found;
}

async function inBothSchemes(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of SCHEMES) {
    // Transitions would let axe read a colour half-way; the app honours reduced motion.
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    found.push(...(await violations(page, `${where}, ${colorScheme})`)));
  }
  return found;
}

/** The editors, open: a bottom sheet on phones, a centred dialog on wider screens. */
async function sweepEditors(page: Page, size: string): Promise<string[]> {
  const editors: [path: string, opener: string, dialog: string][] = [
    ["/", "Edit Water the plants", "Edit task"],
    ["/shopping", "Edit Oat milk", "Edit item"],
    ["/notes", "New note", "New note"],
  ];
  const found: string[] = [];
  for (const [path, opener, dialog] of editors) {
    await page.goto(path);
    await page.getByRole("button", { name: opener, exact: true }).click();
    await see(page.getByRole("dialog", { name: dialog }));
    found.push(...(await inBothSchemes(page, `${path} “${dialog}” (${size}`)));
  }
  return found;
}

const SIGNED_OUT: [string, string | RegExp][] = [
  ["/signin", "Welcome back"],
  ["/signup", "Create your household"],
  ["/forgot-password", "Forgot your password?"],
  ["/reset-password?token=not-a-real-token", "Choose a new password"],
  ["/verify-email?token=not-a-real-token", "Confirm your email"],
  // Signed out, an invite link opens sign-up with the code.
  ["/join/NOTACODE", "Join your household"],
  ["/no-such-page", "Page not found"],
];

const SIGNED_IN: [string, string | RegExp][] = [
  ["/", "Today"],
  ["/shopping", "Shopping"],
  ["/notes", "Notes"],
  ["/household", /home$/],
  ["/settings", "Settings"],
  ["/conflicts", "Conflicts"],
  ["/join/NOTACODE", "Join another household?"],
];

for (const phone of [true, false]) {
  const size = phone ? "phone" : "desktop";

  test(
    `signed out, every page passes axe (WCAG 2.2 A/AA) in light and dark on a ${size}`,
    async (ctx) => {
      const { page } = await newDevice(ctx, { phone });
      const found = await sweep(page, SIGNED_OUT, size);
      expect(found, found.join("\n")).toEqual([]);
    },
    SWEEP_TIMEOUT,
  );

  test(
    `signed in, every page passes axe (WCAG 2.2 A/AA) in light and dark on a ${size}`,
    async (ctx) => {
      const { page } = await newDevice(ctx, { phone });
      await signUp(page, newAccount("Axel"));
      // Each list holds a row, so rows, chips and row actions are checked too, not only empty states.
      await addTask(page, "Water the plants");
      await page.goto("/shopping");
      await see(heading(page, "Shopping"));
      await addShoppingItem(page, "Oat milk", { quantity: "2", unit: "l" });
      await addShoppingItem(page, "Bread");
      await checkShoppingItem(page, "Bread");
      await page.goto("/notes");
      await see(heading(page, "Notes"));
      await addNote(page, { title: "Wi-Fi", body: "The code is on the router.", pinned: true });
      const found = [...(await sweep(page, SIGNED_IN, size)), ...(await sweepEditors(page, size))];
      expect(found, found.join("\n")).toEqual([]);
    },
    SWEEP_TIMEOUT,
  );
}
