import { z } from "./zod";
import { decodePullCursor } from "./cursor";
import type { SyncedRow } from "./define-table";
import { LONE_SURROGATE_MESSAGE, plainText, safeRecord, hasLoneSurrogate } from "./fields";

// The sync wire protocol (docs/sync-protocol.md). Requests and responses are schemas: the server's
// response types derive from them and the client parses every answer with them instead of casting.
// v1: per-field timestamp maps and a server-sequence cursor; v2: numbered pushes and declared
// versions; v3: compact rows (wire-row.ts) with their fields' writers.

export const MAX_PULL_LIMIT = 5_000;
export const DEFAULT_PULL_LIMIT = 1_000;
export const MAX_PUSH_ROWS = 5_000;
/** A pull page stops at about this many bytes of rows (PULL_PAGE_BYTES), always holding one row. */
export const DEFAULT_PAGE_BYTES = 2_000_000;

export const clientId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");

/**
 * v2: a client numbers its pushes 1, 2, 3… and resends a push whose answer it did not get with the
 * same number and body, so the server applies each at most once (see docs/sync-protocol.md).
 */
export const pushSeq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** What a client declares (src/core/schema-version.ts); absent in requests of v1 clients. */
const versions = {
  protocol: z.number().int().min(1).max(1_000).optional(),
  schema: z.number().int().min(0).max(1_000_000).optional(),
};

/** Rows are validated one by one later, so one bad row never sinks the request. */
export const pushRequest = z.strictObject({
  clientId,
  seq: pushSeq.optional(),
  ...versions,
  changes: safeRecord(z.array(z.unknown())).refine(
    (c) => Object.values(c).reduce((n, rows) => n + rows.length, 0) <= MAX_PUSH_ROWS,
    {
      message: `at most ${MAX_PUSH_ROWS} rows per push`,
    },
  ),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const pullRequest = z.strictObject({
  ...versions,
  // Checked here, so /full refuses a bad cursor before it applies the push.
  cursor: z
    .string()
    .max(64)
    .nullable()
    .refine((c) => decodePullCursor(c) !== undefined, "not a cursor this server issued"),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
});

export const fullRequest = z.strictObject({
  clientId,
  seq: pushSeq.optional(),
  ...versions,
  changes: pushRequest.shape.changes,
  cursor: pullRequest.shape.cursor,
  limit: pullRequest.shape.limit,
});

/**
 * A row as protocols 1 and 2 send it: the common columns checked here, the table's own fields
 * passed through (a table this client does not know yet is skipped, not refused).
 */
const fullWireRow = z.looseObject({
  id: z.string(),
  householdId: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  syncedAt: z.string().nullable(),
  fieldUpdatedAt: z.record(z.string(), z.string()),
});

/** A compact row of protocol 3 (`WireRow`, src/core/wire-row.ts): stamps and writers by field order. */
const compactWireRow = z.looseObject({
  id: z.string(),
  userId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  syncedAt: z.string().nullable(),
  stamps: z.array(z.number().nullable()),
  writers: z.array(z.union([z.string(), z.literal(0), z.null()])).optional(),
});

/** A row in any answer: compact (protocol 3) or full (older protocols). */
export const wireRow = z.union([compactWireRow, fullWireRow]);

const isText = (v: unknown): v is string => typeof v === "string";
const isTextOrNull = (v: unknown) => v === null || typeof v === "string";

/**
 * The same check as `wireRow`, by hand: a pull page holds thousands of rows, and zod's object
 * schemas copy each one (and a union tries both) where this reads a few properties in place.
 */
export function isWireRow(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  if (!isText(r.id) || !isText(r.userId) || !isText(r.createdAt) || !isText(r.updatedAt)) return false;
  if (!isTextOrNull(r.syncedAt)) return false;
  return isCompactRow(r) || isFullRow(r);
}

function isCompactRow(r: Record<string, unknown>): boolean {
  if (!Array.isArray(r.stamps)) return false;
  if (!r.stamps.every((s) => s === null || (typeof s === "number" && Number.isFinite(s)))) return false;
  return r.writers === undefined || (Array.isArray(r.writers) && r.writers.every((w) => w === 0 || isTextOrNull(w)));
}

function isFullRow(r: Record<string, unknown>): boolean {
  const stamps = r.fieldUpdatedAt;
  if (typeof stamps !== "object" || stamps === null || Array.isArray(stamps)) return false;
  return isText(r.householdId) && isTextOrNull(r.deletedAt) && Object.values(stamps).every(isText);
}

const pulledRow = z.custom<z.infer<typeof wireRow>>(isWireRow, "not a row");

export const rowStatus = z.enum(["applied", "stale", "rejected"]);

export const rowResult = z.object({
  id: z.string(),
  status: rowStatus,
  /** For `rejected`: a sentence for people, and for some a code for programs (`quota_exceeded`). */
  reason: z.string().optional(),
  code: z.literal("quota_exceeded").optional(),
  row: wireRow.optional(),
});
/** The server builds results with its own row type `R`; the client parses them with `rowResult`. */
export type RowResult<R = SyncedRow> = Omit<z.infer<typeof rowResult>, "row"> & { row?: R };

/**
 * Protocol 3 and later answer with compact rows (`WireRow`, src/core/wire-row.ts) and name the
 * household once per answer; older protocols get `SyncedRow`s with `fieldUpdatedAt` maps.
 */
export const pushResponse = z.object({
  results: z.record(z.string(), z.array(rowResult)),
  /** Protocol 3: the household of every row in the answer. */
  householdId: z.string().optional(),
  serverTime: z.string(),
  /** This numbered push had been applied before: the answer comes from its record, nothing was merged. */
  replayed: z.boolean().optional(),
});
export type PushResponse<R = SyncedRow> = Omit<z.infer<typeof pushResponse>, "results"> & {
  results: Record<string, RowResult<R>[]>;
};

/**
 * A pull answer with more to come names its `cursor` in this header too, so the client can ask for
 * the next page as soon as the headers arrive, while this page's body is still read and parsed.
 */
export const NEXT_CURSOR_HEADER = "x-domus-next-cursor";

export const pullResponse = z.object({
  changes: z.record(z.string(), z.array(pulledRow)),
  /** Protocol 3: the household of every row in the page. */
  householdId: z.string().optional(),
  cursor: z.string(),
  hasMore: z.boolean(),
  remaining: z.number(),
  serverTime: z.string(),
});
export type PullResponse<R = SyncedRow> = Omit<z.infer<typeof pullResponse>, "changes"> & {
  changes: Record<string, R[]>;
};

export interface FullResponse<R = SyncedRow> {
  push: PushResponse<R>;
  pull: PullResponse<R>;
}

export const tableSyncStatus = z.object({
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  conflictCount: z.number(),
});
export type TableSyncStatus = z.infer<typeof tableSyncStatus>;

/** What the household stores against its quota (rows not purged; bytes as quotas count them). */
export const householdUsage = z.object({
  rows: z.number(),
  bytes: z.number(),
  maxRows: z.number(),
  maxBytes: z.number(),
});

export const statusResponse = z.object({
  tables: z.record(z.string(), tableSyncStatus),
  usage: householdUsage,
  serverTime: z.string(),
});
export type StatusResponse = z.infer<typeof statusResponse>;

// Accounts

/** An email address as accounts store it: trimmed and lower-cased. */
export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .email("must be an email address")
  .transform((s) => s.toLowerCase());

/**
 * At least 8 characters (code points, so any script counts fairly); over 1,024 refused before hashing.
 * An unpaired surrogate is refused, not hashed: UTF-8 encoding would turn it into U+FFFD, so two
 * passwords that differ only there would be one password.
 */
export const password = z
  .string()
  .refine((s) => [...s].length >= 8, "must be at least 8 characters")
  .refine((s) => s.length <= 1024, "must be at most 1,024 characters")
  .refine((s) => !hasLoneSurrogate(s), LONE_SURROGATE_MESSAGE);

/** A password being checked, not chosen: any length from 1 (older rules), never a lone surrogate. */
export const passwordToCheck = z
  .string()
  .min(1, "is required")
  .max(1024, "must be at most 1,024 characters")
  .refine((s) => !hasLoneSurrogate(s), LONE_SURROGATE_MESSAGE);

/** A person's or a household's name: one line of text that displays as it is stored. */
export const displayName = (max: number) =>
  z
    .string()
    .trim()
    .pipe(plainText({ min: 1, max }));

export const registerRequest = z.strictObject({
  email: emailAddress,
  password,
  name: displayName(100),
  householdName: displayName(100).optional(),
  inviteCode: z
    .string()
    .trim()
    .pipe(plainText({ min: 1, max: 64 }))
    .optional(),
});

export const loginRequest = z.strictObject({
  email: emailAddress,
  password: passwordToCheck,
});

export const publicUser = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type PublicUser = z.infer<typeof publicUser>;
export const publicHousehold = z.object({ id: z.string(), name: z.string() });
export type PublicHousehold = z.infer<typeof publicHousehold>;
export const sessionResponse = z.object({ user: publicUser, household: publicHousehold });
export type SessionResponse = z.infer<typeof sessionResponse>;
/** A sign-in's answer: the session, and the token itself only for clients without Sec-Fetch-Mode. */
export const signedInResponse = sessionResponse.extend({ token: z.string().optional() });
export const householdResponse = z.object({
  household: publicHousehold,
  members: z.array(publicUser),
  /** The member who may rename, remove members, hand over and manage invites. */
  ownerId: z.string().nullable(),
  /** The caller's role. */
  role: z.enum(["owner", "member"]),
});
export type HouseholdResponse = z.infer<typeof householdResponse>;
export const inviteResponse = z.object({ code: z.string(), expiresAt: z.string() });
export type InviteResponse = z.infer<typeof inviteResponse>;
