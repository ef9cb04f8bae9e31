import type {
  HouseholdResponse,
  InviteResponse,
  LoginRequest,
  RegisterRequest,
  SessionResponse,
} from "../core/protocol";
import { type Transport, requestJson } from "./api-client";

/** A session answer; `token` is present only outside browsers (browsers hold just the HttpOnly cookie). */
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
  const session = must(await requestJson<SignedIn>(transport, path, { method: "POST", body, onHeaders }), path);
  const token = session.token ?? cookieToken;
  return token === undefined ? session : { ...session, token };
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
    register: (body) => signIn(transport, "/api/auth/register", body),
    login: (body) => signIn(transport, "/api/auth/login", body),
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
