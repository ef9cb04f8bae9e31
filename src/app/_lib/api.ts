import type { AccountResponse, DevicesResponse, InvitesResponse } from "@/core/account-protocol";
import { retryAfterSentence } from "@/core/retry-after";
import type { HouseholdResponse, InviteResponse, SessionResponse, StatusResponse } from "@/core/protocol";
import type { PresenceResponse } from "@/core/live";
import type { PushKeyResponse, PushSubscribeRequest } from "@/core/reminders";

/** An API error as the server sends it: `{"error":{"code","message","details?"}}`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Field-level problems from a 400, keyed by the request field they name. */
  readonly fields: Record<string, string>;

  constructor(options: { code: string; status: number; message: string; fields?: Record<string, string> }) {
    super(options.message);
    this.name = "ApiError";
    this.code = options.code;
    this.status = options.status;
    this.fields = options.fields ?? {};
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function fieldsFrom(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as unknown[]) {
    if (isRecord(d) && typeof d.path === "string" && typeof d.message === "string" && !(d.path in out)) {
      out[d.path] = d.message;
    }
  }
  return out;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, an offline fallback): described by the status below.
  }
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (err && typeof err.code === "string" && typeof err.message === "string") {
    // Rate-limited: say when to try again, not just that there were too many attempts.
    const when = res.status === 429 ? retryAfterSentence(res.headers.get("retry-after"), Date.now()) : null;
    const message = when && !err.message.includes("Try again in") ? `${err.message} ${when}` : err.message;
    return new ApiError({ code: err.code, status: res.status, message, fields: fieldsFrom(err.details) });
  }
  return new ApiError({
    code: "http_error",
    status: res.status,
    message: `The server answered ${res.status}. Please try again in a moment.`,
  });
}

const OFFLINE_MESSAGE = "You appear to be offline. Check your connection and try again.";

async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "include",
      headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ code: "network_error", status: 0, message: OFFLINE_MESSAGE });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
  householdName?: string;
  inviteCode?: string;
}

export const api = {
  register: (input: RegisterInput) => request<SessionResponse>("POST", "/api/auth/register", input),
  login: (input: { email: string; password: string }) => request<SessionResponse>("POST", "/api/auth/login", input),
  logout: () => request<undefined>("POST", "/api/auth/logout", {}),
  me: () => request<SessionResponse>("GET", "/api/auth/me"),
  household: () => request<HouseholdResponse>("GET", "/api/household"),
  createInvite: (email?: string) => request<InviteResponse>("POST", "/api/household/invites", email ? { email } : {}),
  account: () => request<AccountResponse>("GET", "/api/auth/me"),
  invites: () => request<InvitesResponse>("GET", "/api/household/invites"),
  revokeInvite: (code: string) => request<undefined>("POST", "/api/household/invites/revoke", { code }),
  renameHousehold: (name: string) => request<HouseholdResponse>("POST", "/api/household/rename", { name }),
  transferOwnership: (userId: string) => request<HouseholdResponse>("POST", "/api/household/transfer", { userId }),
  removeMember: (userId: string) => request<HouseholdResponse>("POST", "/api/household/remove-member", { userId }),
  leaveHousehold: () => request<SessionResponse>("POST", "/api/household/leave", {}),
  joinHousehold: (code: string) => request<SessionResponse>("POST", "/api/household/join", { code }),
  forgotPassword: (email: string) => request<{ message: string }>("POST", "/api/auth/forgot-password", { email }),
  resetPassword: (token: string, password: string) =>
    request<SessionResponse>("POST", "/api/auth/reset-password", { token, password }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ signedOut: number }>("POST", "/api/auth/change-password", { currentPassword, newPassword }),
  verifyEmail: (token: string) => request<{ email: string }>("POST", "/api/auth/verify-email", { token }),
  resendVerification: () => request<undefined>("POST", "/api/auth/resend-verification", {}),
  devices: () => request<DevicesResponse>("GET", "/api/auth/sessions"),
  revokeDevice: (sid: string) => request<{ signedOut: number }>("POST", "/api/auth/sessions/revoke", { sid }),
  revokeOtherDevices: () => request<{ signedOut: number }>("POST", "/api/auth/sessions/revoke-others", {}),
  syncStatus: () => request<StatusResponse>("GET", "/api/sync/status"),
  presence: () => request<PresenceResponse>("GET", "/api/household/presence"),
  deleteAccount: (password: string) => request<undefined>("POST", "/api/auth/delete-account", { password }),
  pushKey: () => request<PushKeyResponse>("GET", "/api/push/key"),
  pushSubscribe: (body: PushSubscribeRequest) => request<{ subscribed: true }>("POST", "/api/push/subscribe", body),
  pushUnsubscribe: (endpoint: string) =>
    request<{ unsubscribed: boolean }>("POST", "/api/push/unsubscribe", { endpoint }),
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong. Please try again.";
}
