import { DomusError } from "../../core/errors";

export function json(body: unknown, init: ResponseInit = {}): Response {
  return jsonTextResponse(JSON.stringify(body), init);
}

/** An answer whose JSON is already written (see json-text.ts). */
export function jsonTextResponse(text: string, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", "no-store");
  return new Response(text, { ...init, headers });
}

export function noContent(headers?: HeadersInit): Response {
  return new Response(null, { status: 204, headers });
}

export function errorResponse(error: DomusError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(error.retryAfter)));
  return json(error.toBody(), { status: error.status, headers });
}

export interface Logger {
  error(event: string, fields: Record<string, unknown>): void;
  info(event: string, fields: Record<string, unknown>): void;
}

/** Structured JSON lines; errors are logged once, here, with context, and never sent to the client. */
export const consoleLogger: Logger = {
  error: (event, fields) => console.error(JSON.stringify({ level: "error", event, ...fields })),
  info: (event, fields) => console.log(JSON.stringify({ level: "info", event, ...fields })),
};

/** Turns anything thrown into a response: DomusErrors map to their status; the rest is a logged 500. */
export function toResponse(err: unknown, context: { requestId: string; logger: Logger; path: string }): Response {
  if (err instanceof DomusError) {
    if (err.status >= 500) {
      context.logger.error("request_failed", {
        requestId: context.requestId,
        path: context.path,
        code: err.code,
        message: err.message,
      });
    }
    return errorResponse(err);
  }
  context.logger.error("unhandled_error", {
    requestId: context.requestId,
    path: context.path,
    message: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return errorResponse(
    new DomusError("internal_error", `Something went wrong on our side (request ${context.requestId}).`),
  );
}
