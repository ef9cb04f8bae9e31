import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type TestContext, afterAll, afterEach, beforeAll, inject } from "vitest";
import { type DeviceOptions, device, launch } from "./browser";

export interface Device {
  context: BrowserContext;
  page: Page;
}

interface OpenDevice extends Device {
  log: string[];
}

const FAILURES = path.resolve(import.meta.dirname, "..", "test-results", "e2e");

/** A failed test leaves what each device showed (screenshot, page text, console) in test-results/e2e. */
async function keepEvidence(testName: string, devices: readonly OpenDevice[]): Promise<void> {
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

async function openDevice(browser: Browser, options: DeviceOptions): Promise<OpenDevice> {
  const d = await device(browser, inject("baseUrl"), options);
  const log: string[] = [];
  d.page.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
  d.page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  return { ...d, log };
}

/**
 * One Chromium for the test file. `newDevice(ctx)` opens a fresh profile (one phone or computer) for
 * the test whose context it is given; the test's devices close when it finishes, so concurrent tests
 * never touch each other's devices and every test starts from devices nobody has used.
 */
export function useBrowser(): { newDevice(ctx: TestContext, options?: DeviceOptions): Promise<Device> } {
  let browser: Browser | undefined;
  const byTest = new Map<string, OpenDevice[]>();
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newDevice(ctx, options = {}) {
      if (!browser) throw new Error("The browser is not running: open devices inside a test.");
      let devices = byTest.get(ctx.task.id);
      if (!devices) {
        const mine: OpenDevice[] = [];
        devices = mine;
        byTest.set(ctx.task.id, mine);
        ctx.onTestFinished(async () => {
          byTest.delete(ctx.task.id);
          if (ctx.task.result?.state === "fail") await keepEvidence(ctx.task.name, mine);
          await Promise.all(mine.map((d) => d.context.close()));
        });
      }
      const d = await openDevice(browser, options);
      devices.push(d);
      return d;
    },
  };
}

/**
 * The sequential form: `newDevice()` with no test context, for files whose tests run one at a time;
 * each test's devices close after it.
 */
export function useDevices(): (options?: DeviceOptions) => Promise<Device> {
  let browser: Browser | undefined;
  const open: OpenDevice[] = [];
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
    const d = await openDevice(browser, options);
    open.push(d);
    return d;
  };
}
