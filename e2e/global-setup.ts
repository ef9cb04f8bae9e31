import type { TestProject } from "vitest/node";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Every test signs up its own accounts from this one address: lift the per-IP limits a real
  // deployment keeps (rate limiting has its own tests on workerd).
  const server = await startServer({
    vars: { RATE_LIMIT_REGISTER_PER_IP: "1000/1h", RATE_LIMIT_LOGIN_PER_IP: "1000/15m" },
  });
  project.provide("baseUrl", server.url);
  return () => server.stop();
}
