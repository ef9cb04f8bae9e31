import { env } from "cloudflare:workers";
import { handleApi } from "../src/server/api";
import type { Env } from "../src/server/config";
import type { Deps } from "../src/server/deps";
import { PROTOCOL_VERSION, SCHEMA_VERSION } from "../src/core/schema-version";

export const BASE = "http://127.0.0.1:8787";

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON). */
  raw?: string;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  overrides?: Partial<Deps>;
  env?: Partial<Env>;
  /** Any body the fetch API accepts (a stream, bytes), sent as is; wins over `raw` and `body`. */
  bodyInit?: BodyInit;
  /** Scheme and host of the request URL; defaults to BASE (plain-http localhost). */
  base?: string;
}

/** One request through the real API with the real local D1 and KV bindings of this test file. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  let body: BodyInit | undefined;
  if (options.bodyInit !== undefined) body = options.bodyInit;
  else if (options.raw !== undefined) body = asCurrentClientRaw(path, options.raw);
  else if (options.body !== undefined) body = JSON.stringify(asCurrentClient(path, options.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  const method = options.method ?? (body === undefined ? "GET" : "POST");
  const req = new Request(`${options.base ?? BASE}${path}`, { method, headers, body });
  return handleApi(req, { ...env, ...options.env }, options.overrides);
}

/**
 * Sync requests speak as a client of this build (its protocol and schema) unless the test names
 * other versions: a key set to undefined, as an old client's request has, is left out as it is.
 */
function asCurrentClient(path: string, body: unknown): unknown {
  if (!path.startsWith("/api/sync/") || typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const versions: Record<string, number> = {};
  if (!("protocol" in body)) versions.protocol = PROTOCOL_VERSION;
  if (!("schema" in body)) versions.schema = SCHEMA_VERSION;
  return { ...versions, ...body };
}

/** The same for a body written by hand: versions go first into a JSON object that names none. */
function asCurrentClientRaw(path: string, raw: string): string {
  if (!path.startsWith("/api/sync/") || !raw.startsWith("{") || raw.includes('"schema"')) return raw;
  const rest = raw.slice(1).trimStart();
  const versions = `"protocol":${PROTOCOL_VERSION},"schema":${SCHEMA_VERSION}`;
  return `{${versions}${rest.startsWith("}") ? "" : ","}${rest}`;
}

export async function jsonOf<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

export interface Account {
  token: string;
  user: { id: string; email: string; name: string };
  household: { id: string; name: string };
  password: string;
}

/** Registers a new account (a new household, or joining one with `inviteCode`). */
export async function registerAccount(
  options: {
    inviteCode?: string;
    name?: string;
    email?: string;
    password?: string;
    householdName?: string;
    env?: Partial<Env>;
  } = {},
): Promise<Account> {
  const password = options.password ?? "correct horse battery staple";
  const res = await call("/api/auth/register", {
    body: {
      email: options.email ?? uniqueEmail(),
      password,
      name: options.name ?? "Alex",
      householdName: options.householdName,
      inviteCode: options.inviteCode,
    },
    headers: { "cf-connecting-ip": `10.0.${counter % 250}.${Math.floor(Math.random() * 250)}` },
    env: options.env,
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = await jsonOf<Omit<Account, "password">>(res);
  return { ...body, password };
}

/** A second member of `owner`'s household, joined through an invite. */
export async function joinHousehold(owner: Account, name = "Sam"): Promise<Account> {
  const invite = await jsonOf<{ code: string }>(
    await call("/api/household/invites", { method: "POST", token: owner.token }),
  );
  return registerAccount({ inviteCode: invite.code, name });
}

export interface ErrorShape {
  error: { code: string; message: string; details?: unknown };
}

/** Asserts the SPEC error shape and returns the parsed body; throws a readable message otherwise. */
export async function errorOf(res: Response): Promise<ErrorShape["error"]> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON error body, got ${res.status}: ${text.slice(0, 200)}`);
  }
  const error = (parsed as Partial<ErrorShape> | null)?.error;
  if (!error || typeof error.code !== "string" || typeof error.message !== "string" || error.message === "") {
    throw new Error(`expected {"error":{"code","message"}}, got ${res.status}: ${text.slice(0, 200)}`);
  }
  return error;
}

/** The `name=value` part of the session cookie a response sets, ready for a Cookie header. */
export function sessionCookieOf(res: Response): string {
  return cookieOf(res, /^(__Host-)?domus_session=/);
}

/** The `name=value` part of the first cookie a response sets whose pair matches `pattern`. */
export function cookieOf(res: Response, pattern: RegExp): string {
  const all = res.headers.getSetCookie();
  const pair = all.map((c) => c.split(";")[0] ?? "").find((p) => pattern.test(p));
  if (!pair) throw new Error(`no cookie matching ${String(pattern)} in "${all.join(" | ")}"`);
  return pair;
}
