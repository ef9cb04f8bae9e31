import type { ErrorBody } from "../core/errors";

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

/** The API answered with an error status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** From `Retry-After` on 429/503, in milliseconds. */
  readonly retryAfterMs: number | null;
  /** The error body's `details`, when the server sent some. */
  details: unknown = undefined;

  constructor(status: number, code: string, message: string, retryAfterMs: number | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request never got an answer (offline, DNS, connection reset): nothing is known to have happened. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`The server could not be reached${cause instanceof Error ? `: ${cause.message}` : ""}.`);
    this.name = "NetworkError";
    this.cause = cause;
  }
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
  let code = "http_error";
  let message = `The server answered ${res.status}.`;
  let details: unknown;
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    details = body.error?.details;
  } catch {
    // A body that is not our JSON error (a proxy's HTML page): keep the generic sentence.
  }
  const error = new ApiError(res.status, code, message, retryAfter(res));
  error.details = details;
  return error;
}

/**
 * The last D1 bookmark the server handed this transport (`x-d1-bookmark`). Sent back with every
 * call, so with D1 read replication a pull after a push reads a replica that has the push.
 */
const bookmarks = new WeakMap<Transport, string>();
const BOOKMARK_HEADER = "x-d1-bookmark";

/** Calls the API and parses its JSON answer; throws NetworkError or ApiError. */
export async function requestJson<T>(
  transport: Transport,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown; onHeaders?: (headers: Headers) => void },
): Promise<T | null> {
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
    throw new NetworkError(err);
  }
  const nextBookmark = res.headers.get(BOOKMARK_HEADER);
  if (nextBookmark) bookmarks.set(transport, nextBookmark);
  if (!res.ok) throw await errorFrom(res);
  init.onHeaders?.(res.headers);
  if (res.status === 204) return null;
  try {
    return (await res.json()) as T;
  } catch (err) {
    throw new NetworkError(err);
  }
}
