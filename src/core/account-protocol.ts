import { z } from "./zod";
import { displayName, emailAddress as email, password, passwordToCheck } from "./protocol";

// Wire types of account and household management (issue 12). Requests and responses are schemas.

const token = z.string().min(1, "is required").max(200);
const id = z.string().min(1, "is required").max(64);

export const forgotPasswordRequest = z.strictObject({ email });
export const resetPasswordRequest = z.strictObject({ token, password });
export const changePasswordRequest = z.strictObject({
  currentPassword: passwordToCheck,
  newPassword: password,
});
export const verifyEmailRequest = z.strictObject({ token });
export const sessionIdRequest = z.strictObject({ sid: id });
/** The longest household name, for the schema and the field that edits it. */
export const HOUSEHOLD_NAME_MAX = 100;
export const renameHouseholdRequest = z.strictObject({ name: displayName(HOUSEHOLD_NAME_MAX) });
export const memberIdRequest = z.strictObject({ userId: id });
export const createInviteRequest = z.strictObject({ email: email.optional() });
export const inviteCodeRequest = z.strictObject({ code: z.string().trim().min(1, "is required").max(64) });

const role = z.enum(["owner", "member"]);

export const deviceInfo = z.object({
  sid: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});
export type DeviceInfo = z.infer<typeof deviceInfo>;
export const devicesResponse = z.object({ devices: z.array(deviceInfo) });
export type DevicesResponse = z.infer<typeof devicesResponse>;

export const inviteInfo = z.object({
  code: z.string(),
  email: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string().nullable() }),
});
export type InviteInfo = z.infer<typeof inviteInfo>;
export const invitesResponse = z.object({ invites: z.array(inviteInfo) });
export type InvitesResponse = z.infer<typeof invitesResponse>;

export const accountResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), emailVerified: z.boolean() }),
  household: z.object({ id: z.string(), name: z.string() }),
  role,
});
export type AccountResponse = z.infer<typeof accountResponse>;

/** Forgot-password's answer: the same sentence whether or not the address has an account. */
export const messageResponse = z.object({ message: z.string() });
/** How many sessions a password change or a revocation ended. */
export const signedOutResponse = z.object({ signedOut: z.number() });
export const verifiedEmailResponse = z.object({ email: z.string() });

/**
 * One page of `GET /api/household/export` (src/server/account/export.ts): the document's head on the
 * first page only, each table the page reached with its rows, and the next page's cursor (null on
 * the last). Rows are checked as JSON objects only: the file keeps them as the server wrote them.
 */
export const exportPageResponse = z.object({
  format: z.literal("domus-export/v1").optional(),
  exportedAt: z.string().optional(),
  exportedBy: z.record(z.string(), z.unknown()).optional(),
  household: z.record(z.string(), z.unknown()).optional(),
  members: z.array(z.record(z.string(), z.unknown())).optional(),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  next: z.string().nullable(),
});
export type ExportPage = z.infer<typeof exportPageResponse>;
