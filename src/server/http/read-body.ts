import type { z } from "zod";
import { DomusError } from "../../core/errors";

/**
 * Reads a JSON body: refuses other media types (415) so a cross-site form post cannot ride on the
 * cookie, refuses bodies over `maxBytes` (413) before parsing, even when no Content-Length is sent.
 */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new DomusError("unsupported_media_type", "Send the request body as application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(req, maxBytes);
  if (text.trim() === "") throw new DomusError("invalid_request", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomusError("invalid_request", "The request body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number): DomusError {
  return new DomusError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}

async function readCapped(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new DomusError("invalid_request", "The request body is not valid UTF-8.");
  }
}

/** Parses a value with a schema; a mismatch is a 400 naming the first problems. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomusError("invalid_request", describeIssues(result.error.issues), {
    details: result.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  });
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}
