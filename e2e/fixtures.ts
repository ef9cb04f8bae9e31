import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { device, launch } from "./browser";

export interface Device {
  context: BrowserContext;
  page: Page;
}

const FAILURES = path.resolve(import.meta.dirname, "..", "test-results", "e2e");

/** A failed test leaves what each device showed (screenshot, page text, console) in test-results/e2e. */
async function keepEvidence(testName: string, devices: readonly { page: Page; log: string[] }[]): Promise<void> {
  mkdirSync(FAILURES, { recursive: true });
  const base = testName.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 80);
  await Promise.all(
    devices.map(async ({ page, log }, i) => {
      const file = path.join(FAILURES, `${base}-device${i + 1}`);
      await page.screenshot({ path: `${file}.png` }).catch(() => undefined);
      const text = await page
        .locator("body")
        .innerText({ timeout: 2000 })
        .catch(() => "(no page)");
      writeFileSync(`${file}.txt`, `${page.url()}\n\n${text}\n\nConsole:\n${log.join("\n")}\n`);
    }),
  );
}

/**
 * One Chromium for the test file; `newDevice()` opens a fresh profile (one phone or computer) on the
 * app, closed after each test so every test starts from devices nobody has used.
 */
export function useDevices(): (options?: { dark?: boolean; phone?: boolean }) => Promise<Device> {
  let browser: Browser | undefined;
  const open: { context: BrowserContext; page: Page; log: string[] }[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterEach(async (ctx) => {
    const devices = open.splice(0);
    if (ctx.task.result?.state === "fail") await keepEvidence(ctx.task.name, devices);
    await Promise.all(devices.map((d) => d.context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return async (options = {}) => {
    if (!browser) throw new Error("The browser is not running: call newDevice() inside a test.");
    const d = await device(browser, inject("baseUrl"), options);
    const log: string[] = [];
    d.page.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
    d.page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    open.push({ ...d, log });
    return d;
  };
}
