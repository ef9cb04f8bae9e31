import type {
  HouseholdResponse,
  InviteResponse,
  LoginRequest,
  RegisterRequest,
  SessionResponse,
} from "../core/protocol";
import { type Transport, requestJson } from "./api-client";

/** A session answer; `token` is present only for non-browser clients (browsers get the cookie). */
export type SignedIn = SessionResponse & { token?: string };

export interface AccountApi {
  register(body: RegisterRequest): Promise<SignedIn>;
  login(body: LoginRequest): Promise<SignedIn>;
  logout(): Promise<void>;
  /** The current session, or null when signed out (401). */
  me(): Promise<SessionResponse | null>;
  household(): Promise<HouseholdResponse>;
  createInvite(): Promise<InviteResponse>;
}

function must<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what}: the server sent no body.`);
  return value;
}

/**
 * The account endpoints (`/api/auth/*`, `/api/household*`). Errors are thrown as ApiError with the
 * server's code and sentence (`invalid_credentials`, `email_taken`, `rate_limited`...).
 */
export function createAccountApi(transport: Transport = {}): AccountApi {
  return {
    async register(body) {
      return must(await requestJson<SignedIn>(transport, "/api/auth/register", { method: "POST", body }), "register");
    },
    async login(body) {
      return must(await requestJson<SignedIn>(transport, "/api/auth/login", { method: "POST", body }), "login");
    },
    async logout() {
      await requestJson(transport, "/api/auth/logout", { method: "POST", body: {} });
    },
    async me() {
      try {
        return await requestJson<SessionResponse>(transport, "/api/auth/me", { method: "GET" });
      } catch (err) {
        if (err instanceof Error && "status" in err && err.status === 401) return null;
        throw err;
      }
    },
    async household() {
      return must(await requestJson<HouseholdResponse>(transport, "/api/household", { method: "GET" }), "household");
    },
    async createInvite() {
      return must(
        await requestJson<InviteResponse>(transport, "/api/household/invites", { method: "POST", body: {} }),
        "invite",
      );
    },
  };
}
