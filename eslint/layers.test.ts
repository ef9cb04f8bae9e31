import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, test } from "vitest";

// Planted imports, linted with the project's own eslint.config.mjs (as `npm run lint` does) under
// the path of a real file of each layer, so typed linting finds it in the project.
const ROOT = path.dirname(import.meta.dirname);
let eslint: ESLint;
// Typed linting builds the TypeScript program once, on the first file: tens of seconds on a busy
// machine, so it is done here with its own deadline rather than inside the first test's.
beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  await eslint.lintText("export {};", { filePath: path.join(ROOT, "src/core/time.ts") });
}, 600_000);

async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "layers/imports").map((m) => m.message);
}

const refused: [string, string, string, RegExp][] = [
  [
    "the core imports the client",
    "src/core/time.ts",
    `export { uuidv7 } from "../client/uuid";`,
    /core may not import client/,
  ],
  ["the core imports the server by alias", "src/core/time.ts", `import "@/server/api";`, /core may not import server/],
  ["the core imports the app", "src/core/time.ts", `export { api } from "../app/_lib/api";`, /core may not import app/],
  [
    "a core test helper imports the server",
    "src/core/testing/replica.ts",
    `export { handleApi } from "../../server/api";`,
    /core-testing may not import server/,
  ],
  [
    "the client imports the server",
    "src/client/outbox.ts",
    `export { handleApi } from "../server/api";`,
    /client may not import server/,
  ],
  ["the client imports the app", "src/client/outbox.ts", `import "@/app/_lib/api";`, /client may not import app/],
  [
    "the server imports the client",
    "src/server/api.ts",
    `export { openDomusDb } from "../client/db";`,
    /server may not import client/,
  ],
  [
    "the server imports the app",
    "src/server/api.ts",
    `const m = import("../app/_lib/format"); export default m;`,
    /server may not import app/,
  ],
  [
    "server code imports a test helper",
    "src/server/api.ts",
    `export { call } from "../../test/server-helpers";`,
    /server may not import test/,
  ],
  [
    "client code imports a core test helper",
    "src/client/outbox.ts",
    `export { BASE_MS } from "../core/testing/arbitraries";`,
    /client may not import core-testing/,
  ],
];

describe("layer rules (eslint/layers.mjs)", () => {
  test.each(refused)("refused: %s", async (_, file, source, message) => {
    const errors = await layerErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  test("allowed: the core imports the core, the client the core, tests their helpers", async () => {
    expect(await layerErrors("src/core/time.ts", `export { TABLES } from "./tables";`)).toEqual([]);
    expect(await layerErrors("src/client/outbox.ts", `export { TABLES } from "@/core/tables";`)).toEqual([]);
    expect(
      await layerErrors("src/client/bookmark.test.ts", `export { startTestServer } from "../../test/client-server";`),
    ).toEqual([]);
    expect(
      await layerErrors("src/core/merge-rows.test.ts", `export { tableOf } from "./testing/arbitraries";`),
    ).toEqual([]);
  });
});
