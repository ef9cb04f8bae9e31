import { afterAll, beforeAll, expect, inject, test } from "vitest";
import type { Browser } from "playwright-core";
import { device, launch } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test("the app is served with its API from the built Worker", async () => {
  const { context, page } = await device(browser, inject("baseUrl"));
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  const health = await page.request.get("/api/health");
  expect(await health.json()).toEqual({ ok: true, d1: "ok", kv: "ok" });
  await context.close();
});
