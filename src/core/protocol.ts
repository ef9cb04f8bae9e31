import { z } from "zod";
import { decodePullCursor } from "./cursor";
import type { SyncedRow } from "./define-table";
import { safeRecord } from "./fields";

// Wire protocol v1. Requests are schemas; responses are types the server builds.
// v1: push/pull/full with per-field timestamps and a server-sequence cursor.

export const MAX_PULL_LIMIT = 5_000;
export const DEFAULT_PULL_LIMIT = 1_000;
export const MAX_PUSH_ROWS = 5_000;

export const clientId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ and -");

/** Rows are validated one by one later, so one bad row never sinks the request. */
export const pushRequest = z.strictObject({
  clientId,
  changes: safeRecord(z.array(z.unknown())).refine(
    (c) => Object.values(c).reduce((n, rows) => n + rows.length, 0) <= MAX_PUSH_ROWS,
    {
      message: `at most ${MAX_PUSH_ROWS} rows per push`,
    },
  ),
});

export const pullRequest = z.strictObject({
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
  changes: pushRequest.shape.changes,
  cursor: pullRequest.shape.cursor,
  limit: pullRequest.shape.limit,
});

export type RowStatus = "applied" | "stale" | "rejected";

export interface RowResult {
  id: string;
  status: RowStatus;
  reason?: string;
  row?: SyncedRow;
}

export interface PushResponse {
  results: Record<string, RowResult[]>;
  serverTime: string;
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

export interface StatusResponse {
  tables: Record<string, TableSyncStatus>;
  serverTime: string;
}

// Accounts

const email = z
  .string()
  .trim()
  .max(254)
  .email("must be an email address")
  .transform((s) => s.toLowerCase());

/** At least 8 characters (code points, so any script counts fairly); over 1,024 refused before hashing. */
export const password = z
  .string()
  .refine((s) => [...s].length >= 8, "must be at least 8 characters")
  .refine((s) => s.length <= 1024, "must be at most 1,024 characters");

export const registerRequest = z.strictObject({
  email,
  password,
  name: z.string().trim().min(1, "is required").max(100),
  householdName: z.string().trim().min(1).max(100).optional(),
  inviteCode: z.string().trim().min(1).max(64).optional(),
});
export type RegisterRequest = z.infer<typeof registerRequest>;

export const loginRequest = z.strictObject({
  email,
  password: z.string().min(1, "is required").max(1024, "must be at most 1,024 characters"),
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
}
export interface InviteResponse {
  code: string;
  expiresAt: string;
}
