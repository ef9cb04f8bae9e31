import {
  accountResponse,
  devicesResponse,
  exportPageResponse,
  invitesResponse,
  messageResponse,
  signedOutResponse,
  verifiedEmailResponse,
} from "../core/account-protocol";
import { presenceResponse } from "../core/live";
import {
  type PushSubscribeRequest,
  pushKeyResponse,
  pushSubscribedResponse,
  pushUnsubscribedResponse,
} from "../core/reminders";
import {
  type SessionResponse,
  householdResponse,
  inviteResponse,
  sessionResponse,
  signedInResponse,
  statusResponse,
} from "../core/protocol";
import type { registerRequest } from "../core/protocol";
import type { z } from "../core/zod";
import { ApiError, type Transport, requestJson } from "./api-client";

/** A session answer; `token` is present only outside browsers (browsers hold just the HttpOnly cookie). */
export type SignedIn = SessionResponse & { token?: string };

/** What a person types to register (the server's schema trims and lowercases). */
export type RegisterInput = z.input<typeof registerRequest>;

const SESSION_COOKIE = "domus_session";

/**
 * The server puts the token in the body only for requests without Sec-Fetch-Mode; Node's fetch sends
 * that header, so outside browsers the token is read from Set-Cookie (which browsers never expose).
 */
async function signIn(transport: Transport, path: string, body: unknown): Promise<SignedIn> {
  let cookieToken: string | undefined;
  const onHeaders = (headers: Headers) => {
    for (const cookie of headers.getSetCookie?.() ?? []) {
      const [pair] = cookie.split(";");
      const [name, ...value] = (pair ?? "").trim().split("=");
      // Over https the cookie is `__Host-` prefixed (src/server/auth/cookies.ts).
      if ((name === SESSION_COOKIE || name === `__Host-${SESSION_COOKIE}`) && value.join("=")) {
        cookieToken = value.join("=");
      }
    }
  };
  const { token: bodyToken, ...session } = await requestJson(transport, path, {
    method: "POST",
    body,
    schema: signedInResponse,
    onHeaders,
  });
  const token = bodyToken ?? cookieToken;
  return token === undefined ? session : { ...session, token };
}

/**
 * The Domus HTTP API, the app's and every other client's: one transport, one error class (ApiError,
 * typed by the core's error codes), every answer parsed by its schema in src/core. In the browser
 * `createApi()` rides on the session cookie, same origin; elsewhere pass `baseUrl` and `auth`.
 */
export function createApi(transport: Transport = {}) {
  const get = <S extends z.ZodType>(path: string, schema: S) => requestJson(transport, path, { method: "GET", schema });
  const post = <S extends z.ZodType>(path: string, body: unknown, schema: S) =>
    requestJson(transport, path, { method: "POST", body, schema });
  const postNothing = (path: string, body: unknown) =>
    requestJson(transport, path, { method: "POST", body, schema: null });
  return {
    register: (input: RegisterInput) => signIn(transport, "/api/auth/register", input),
    login: (input: { email: string; password: string }) => signIn(transport, "/api/auth/login", input),
    logout: () => postNothing("/api/auth/logout", {}),
    /** The current session, or null when signed out (401). */
    async me(): Promise<SessionResponse | null> {
      try {
        return await get("/api/auth/me", sessionResponse);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    account: () => get("/api/auth/me", accountResponse),
    household: () => get("/api/household", householdResponse),
    createInvite: (email?: string) => post("/api/household/invites", email ? { email } : {}, inviteResponse),
    invites: () => get("/api/household/invites", invitesResponse),
    /** One page of the household's export; `cursor` is the previous page's `next` (see export-file.ts). */
    exportPage: (cursor: string | null) =>
      get(`/api/household/export${cursor === null ? "" : `?cursor=${encodeURIComponent(cursor)}`}`, exportPageResponse),
    revokeInvite: (code: string) => postNothing("/api/household/invites/revoke", { code }),
    renameHousehold: (name: string) => post("/api/household/rename", { name }, householdResponse),
    transferOwnership: (userId: string) => post("/api/household/transfer", { userId }, householdResponse),
    removeMember: (userId: string) => post("/api/household/remove-member", { userId }, householdResponse),
    leaveHousehold: () => post("/api/household/leave", {}, sessionResponse),
    joinHousehold: (code: string) => post("/api/household/join", { code }, sessionResponse),
    forgotPassword: (email: string) => post("/api/auth/forgot-password", { email }, messageResponse),
    resetPassword: (token: string, password: string) =>
      post("/api/auth/reset-password", { token, password }, sessionResponse),
    changePassword: (currentPassword: string, newPassword: string) =>
      post("/api/auth/change-password", { currentPassword, newPassword }, signedOutResponse),
    verifyEmail: (token: string) => post("/api/auth/verify-email", { token }, verifiedEmailResponse),
    resendVerification: () => postNothing("/api/auth/resend-verification", {}),
    devices: () => get("/api/auth/sessions", devicesResponse),
    revokeDevice: (sid: string) => post("/api/auth/sessions/revoke", { sid }, signedOutResponse),
    revokeOtherDevices: () => post("/api/auth/sessions/revoke-others", {}, signedOutResponse),
    syncStatus: () => get("/api/sync/status", statusResponse),
    presence: () => get("/api/household/presence", presenceResponse),
    deleteAccount: (password: string) => postNothing("/api/auth/delete-account", { password }),
    pushKey: () => get("/api/push/key", pushKeyResponse),
    pushSubscribe: (body: PushSubscribeRequest) => post("/api/push/subscribe", body, pushSubscribedResponse),
    pushUnsubscribe: (endpoint: string) => post("/api/push/unsubscribe", { endpoint }, pushUnsubscribedResponse),
  };
}

export type DomusApi = ReturnType<typeof createApi>;
