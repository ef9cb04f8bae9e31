/** Every error the API returns, with its HTTP status. One catalogue; codes are snake_case strings. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  invalid_invite: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A plain GET on the live channel: it speaks WebSocket only. */
  websocket_required: 426,
  rate_limited: 429,
  internal_error: 500,
  resync_required: 409,
  /** The caller's household is not the one their device holds (removed, left, joined another). */
  household_changed: 409,
  /** The request conflicts with the household's state (e.g. removing its owner). */
  conflict: 409,
  /** A single-use email link that is unknown, already used or expired. */
  invalid_link: 400,
  link_used: 400,
  link_expired: 400,
  /** A push numbered below the client's last applied one: an old copy, already superseded. */
  push_superseded: 409,
  /** The client's schema is older than the server's: reload the app (the outbox is kept). */
  upgrade_required: 409,
  /**
   * The client is newer than the server (a deploy is rolling out): try again after Retry-After; the
   * outbox is kept. A 4xx, since it is the request that the server cannot serve yet.
   */
  server_behind: 409,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class DomusError extends Error {
  readonly code: ErrorCode;
  readonly retryAfter: number | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { retryAfter?: number; details?: unknown } = {}) {
    super(message);
    this.name = "DomusError";
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.details !== undefined) body.error.details = this.details;
    return body;
  }
}
