import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { linkFromMail } from "./account-pages";
import { device, launch } from "./browser";
import { eventually, heading, newAccount, see, signUp } from "./pages";
import { type RunningServer, startServer } from "./server";

// An expired reset link, on a server of its own whose links live 3 seconds (PASSWORD_RESET_TTL).

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ vars: { PASSWORD_RESET_TTL: "3s" } });
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("a reset link used after it expired says so and changes nothing", async () => {
  const alex = newAccount("Alex Late");
  const { context, page } = await device(browser, server.url);
  try {
    await signUp(page, alex);
    const res = await page.request.post("/api/auth/forgot-password", { data: { email: alex.email } });
    expect(res.status()).toBe(202);
    const link = await linkFromMail(page, alex.email, /Reset your Domus password/);
    const sentAt = Date.now();
    // Waits for the link's lifetime to pass (the condition is the clock itself).
    await eventually(
      "the link's 3 seconds to pass",
      async () => Date.now() - sentAt,
      (ms) => ms > 3_500,
      10_000,
    );
    await page.goto(new URL(link).pathname + new URL(link).hash);
    await see(heading(page, "Choose a new password"));
    await page.getByLabel("New password").fill("too late password");
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await see(page.getByRole("alert").getByText("This link has expired. Ask for a new one."));
    expect((await page.request.get("/api/auth/me")).status()).toBe(200);
  } finally {
    await context.close();
  }
});
