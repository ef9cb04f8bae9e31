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

/** A fresh profile: one "device". */
export async function device(
  browser: Browser,
  baseURL: string,
  options: { dark?: boolean; phone?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.phone === false ? { width: 1280, height: 800 } : { width: 390, height: 844 },
    colorScheme: options.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  return { context, page };
}
