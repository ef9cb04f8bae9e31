import type { Page } from "playwright-core";

/**
 * The page's main-thread time while `run` performs `count` actions, per action, in ms: Chromium's
 * own count of the renderer's task time (`TaskDuration` of the DevTools Performance domain), read
 * before and after. Unlike a painted frame, it includes what an action costs after its frame (the
 * write's commit, live queries re-read, sync, renders): work that lands in the next action's frame.
 * The harness's own work in the page (Playwright finding the element, polling for the sample) is in
 * both ours and the floor's.
 */
export async function perAction<T>(
  page: Page,
  count: number,
  run: () => Promise<T>,
): Promise<{ result: T; mainMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Performance.enable");
    const taskSeconds = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return metrics.find((m) => m.name === "TaskDuration")?.value ?? Number.NaN;
    };
    const before = await taskSeconds();
    const result = await run();
    const after = await taskSeconds();
    return { result, mainMs: ((after - before) * 1000) / count };
  } finally {
    await cdp.detach();
  }
}
