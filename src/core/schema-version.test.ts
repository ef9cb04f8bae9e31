import { describe, expect, test } from "vitest";
import type { TableDef } from "./define-table";
import { SCHEMA_FINGERPRINTS, SCHEMA_VERSION, schemaFingerprint, upgradeProblem } from "./schema-version";
import { TABLES } from "./tables";

describe("schema versions", () => {
  test("the table definitions are the schema SCHEMA_VERSION records (bump it when they change)", () => {
    expect(
      schemaFingerprint(Object.values(TABLES) as TableDef[]),
      "A synced table changed: bump SCHEMA_VERSION and record the new fingerprint in SCHEMA_FINGERPRINTS.",
    ).toBe(SCHEMA_FINGERPRINTS[SCHEMA_VERSION]);
  });

  test("a client with an older schema must upgrade; the same or a newer one may sync", () => {
    expect(upgradeProblem(SCHEMA_VERSION - 1)).toMatch(/reload/);
    expect(upgradeProblem(SCHEMA_VERSION)).toBeNull();
    expect(upgradeProblem(SCHEMA_VERSION + 1)).toBeNull();
  });
});
