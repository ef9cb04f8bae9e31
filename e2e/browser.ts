import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** No sandbox (containers), no GPU, no background network (this machine has none to reach). */
export const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The system Chromium, headless. */
export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

export interface DeviceOptions {
  dark?: boolean;
  /** A 390×844 phone (the default), or a 1280×800 desktop when false. */
  phone?: boolean;
  /** CSS pixel to screen pixel ratio (screenshots). */
  scale?: number;
  /** False: the page registers no service worker (every request goes to the network). */
  serviceWorker?: boolean;
}

/**
 * Content-Security-Policy violations any device reported (Chromium's console, and each document's
 * `securitypolicyviolation` events). e2e/csp-guard.ts fails the test that caused one; a test that
 * provokes one on purpose takes it out with `takeCspViolations()`.
 */
const cspViolations: string[] = [];

export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

const REPORT_VIOLATIONS = `document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`;

/** A fresh profile: one "device". */
export async function device(
  browser: Browser,
  baseURL: string,
  options: DeviceOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.phone === false ? { width: 1280, height: 800 } : { width: 390, height: 844 },
    colorScheme: options.dark ? "dark" : "light",
    deviceScaleFactor: options.scale ?? 1,
    serviceWorkers: options.serviceWorker === false ? "block" : "allow",
  });
  await context.addInitScript(REPORT_VIOLATIONS);
  // The errors a page logged before a violation are said with it: an error no boundary of ours caught
  // shows Next's error page, whose inline <style> the policy blocks, so the violation's cause is there.
  const errors: string[] = [];
  const logError = (text: string) => {
    errors.push(text.slice(0, 300));
    if (errors.length > 5) errors.shift();
  };
  context.on("weberror", (e) => logError(`uncaught: ${e.error().message}`));
  context.on("console", (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) {
      const before = errors.length ? ` (errors logged before it: ${errors.join(" | ")})` : "";
      cspViolations.push(`${m.page()?.url() ?? "?"}: ${m.text()}${before}`);
    } else if (m.type() === "error") logError(m.text());
  });
  const page = await context.newPage();
  return { context, page };
}
