import { ERROR_STATUS, type ErrorCode } from "../core/errors";
import { z } from "../core/zod";

/** How the client reaches the API: an injectable fetch, a base URL and, outside browsers, a bearer token. */
export interface Transport {
  fetch?: typeof fetch;
  /** "" (same origin) in the browser; an absolute origin elsewhere. */
  baseUrl?: string;
  /**
   * Bearer auth for non-browser clients. Read at every request, so it may be replaced after a new
   * sign-in. Browsers leave it out and ride on the HttpOnly session cookie (`credentials: "include"`).
   */
  auth?: { token: string | null };
  /**
   * The household whose data this device holds, sent as `x-domus-household` on sync calls so the
   * server can answer 409 `household_changed` when the account is no longer in it.
   */
  householdId?: string;
}

/** What a failed call says: one of the server's error codes, or what happened on the way. */
export type ApiErrorCode =
  | ErrorCode
  /** The request never got an answer (offline, DNS, connection reset): nothing is known to have happened. */
  | "network_error"
  /** An error status without our JSON error body (a proxy's page). */
  | "http_error"
  /** A success status whose body is not what the protocol's schema says. */
  | "invalid_response";

/** The one error of API calls, typed by the core's error codes (src/core/errors.ts). */
export class ApiError extends Error {
  /** The HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly code: ApiErrorCode;
  /** From `Retry-After` on 429/503, in milliseconds. */
  readonly retryAfterMs: number | null;
  /** The error body's `details`, when the server sent some. */
  readonly details: unknown;
  /** Field-level problems of a 400, keyed by the request field they name. */
  readonly fields: Record<string, string>;

  constructor(options: {
    status: number;
    code: ApiErrorCode;
    message: string;
    retryAfterMs?: number | null;
    details?: unknown;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.status = options.status;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.details = options.details;
    this.fields = fieldsFrom(options.details);
  }

  /** No answer arrived: the device is offline or the server unreachable. */
  get offline(): boolean {
    return this.code === "network_error";
  }
}

function fieldsFrom(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as unknown[]) {
    const parsed = fieldDetail.safeParse(d);
    if (parsed.success && !(parsed.data.path in out)) out[parsed.data.path] = parsed.data.message;
  }
  return out;
}

const fieldDetail = z.object({ path: z.string(), message: z.string() });
const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

function networkError(cause: unknown): ApiError {
  const message = `The server could not be reached${cause instanceof Error ? `: ${cause.message}` : ""}.`;
  return new ApiError({ status: 0, code: "network_error", message, cause });
}

function retryAfter(res: Response): number | null {
  const header = res.headers.get("retry-after");
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const parsed = errorBody.safeParse(await res.json().catch(() => null));
  // A body that is not our JSON error (a proxy's HTML page): described by the status.
  if (!parsed.success) {
    return new ApiError({
      status: res.status,
      code: "http_error",
      message: `The server answered ${res.status}. Please try again in a moment.`,
      retryAfterMs: retryAfter(res),
    });
  }
  const { code, message, details } = parsed.data.error;
  return new ApiError({ status: res.status, code, message, details, retryAfterMs: retryAfter(res) });
}

/**
 * The last D1 bookmark the server handed this transport (`x-d1-bookmark`). Sent back with every
 * call, so with D1 read replication a pull after a push reads a replica that has the push.
 */
const bookmarks = new WeakMap<Transport, string>();
const BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * Calls the API and parses its JSON answer with the protocol's schema (never a cast); a call whose
 * answer is 204 passes `schema: null`. Throws ApiError.
 */
export async function requestJson<S extends z.ZodType>(
  transport: Transport,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown; schema: S; onHeaders?: (headers: Headers) => void },
): Promise<z.infer<S>>;
export async function requestJson(
  transport: Transport,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown; schema: null; onHeaders?: (headers: Headers) => void },
): Promise<void>;
export async function requestJson(
  transport: Transport,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown; schema: z.ZodType | null; onHeaders?: (headers: Headers) => void },
): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const token = transport.auth?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (transport.householdId) headers["x-domus-household"] = transport.householdId;
  const bookmark = bookmarks.get(transport);
  if (bookmark) headers[BOOKMARK_HEADER] = bookmark;
  const doFetch = transport.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await doFetch(`${transport.baseUrl ?? ""}${path}`, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "include",
    });
  } catch (err) {
    throw networkError(err);
  }
  const nextBookmark = res.headers.get(BOOKMARK_HEADER);
  if (nextBookmark) bookmarks.set(transport, nextBookmark);
  if (!res.ok) throw await errorFrom(res);
  init.onHeaders?.(res.headers);
  if (init.schema === null) return undefined;
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    // The answer broke off while it was read: as if it never came.
    throw networkError(err);
  }
  const parsed = init.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join(".") || "body"}: ${issue.message})` : "";
    throw new ApiError({
      status: res.status,
      code: "invalid_response",
      message: `The server's answer to ${path} is not what this app expects${where}.`,
    });
  }
  return parsed.data;
}
