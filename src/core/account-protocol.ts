import { z } from "./zod";
import { displayName, emailAddress as email, password, passwordToCheck } from "./protocol";

// Wire types of account and household management (issue 12). Requests are schemas.

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

export type Role = "owner" | "member";

export interface DeviceInfo {
  sid: string;
  label: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
export interface DevicesResponse {
  devices: DeviceInfo[];
}

export interface InviteInfo {
  code: string;
  email: string | null;
  createdAt: string;
  expiresAt: string;
  createdBy: { id: string; name: string | null };
}
export interface InvitesResponse {
  invites: InviteInfo[];
}

export interface AccountResponse {
  user: { id: string; email: string; name: string; emailVerified: boolean };
  household: { id: string; name: string };
  role: Role;
}
