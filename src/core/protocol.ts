import { z } from "./zod";
import { decodePullCursor } from "./cursor";
import type { SyncedRow } from "./define-table";
import { LONE_SURROGATE_MESSAGE, plainText, safeRecord, hasLoneSurrogate } from "./fields";

// Wire protocol v1. Requests are schemas; responses are types the server builds.
// v1: push/pull/full with per-field timestamps and a server-sequence cursor.

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

export type RowStatus = "applied" | "stale" | "rejected";

export interface RowResult {
  id: string;
  status: RowStatus;
  /** For `rejected`: a sentence for people, and for some a code for programs (`quota_exceeded`). */
  reason?: string;
  code?: "quota_exceeded";
  row?: SyncedRow;
}

export interface PushResponse {
  results: Record<string, RowResult[]>;
  serverTime: string;
  /** This numbered push had been applied before: the answer comes from its record, nothing was merged. */
  replayed?: boolean;
}

export interface PullResponse {
  changes: Record<string, SyncedRow[]>;
  cursor: string;
  hasMore: boolean;
  remaining: number;
  serverTime: string;
}

export interface FullResponse {
  push: PushResponse;
  pull: PullResponse;
}

export interface TableSyncStatus {
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastSyncAt: string | null;
  conflictCount: number;
}

/** What the household stores against its quota (rows not purged; bytes as quotas count them). */
export interface HouseholdUsage {
  rows: number;
  bytes: number;
  maxRows: number;
  maxBytes: number;
}

export interface StatusResponse {
  tables: Record<string, TableSyncStatus>;
  usage: HouseholdUsage;
  serverTime: string;
}

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
export type RegisterRequest = z.infer<typeof registerRequest>;

export const loginRequest = z.strictObject({
  email: emailAddress,
  password: passwordToCheck,
});
export type LoginRequest = z.infer<typeof loginRequest>;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}
export interface PublicHousehold {
  id: string;
  name: string;
}
export interface SessionResponse {
  user: PublicUser;
  household: PublicHousehold;
}
export interface HouseholdResponse {
  household: PublicHousehold;
  members: PublicUser[];
  /** The member who may rename, remove members, hand over and manage invites. */
  ownerId: string | null;
  /** The caller's role. */
  role: "owner" | "member";
}
export interface InviteResponse {
  code: string;
  expiresAt: string;
}
