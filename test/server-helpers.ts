import { env } from "cloudflare:workers";
import { handleApi } from "../src/server/api";
import type { Env } from "../src/server/config";
import type { Deps } from "../src/server/deps";

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
}

/** One request through the real API with the real local D1 and KV bindings of this test file. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  const method = options.method ?? (body === undefined ? "GET" : "POST");
  const req = new Request(`${BASE}${path}`, { method, headers, body });
  return handleApi(req, { ...(env as unknown as Env), ...options.env }, options.overrides);
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
  options: { inviteCode?: string; name?: string; email?: string } = {},
): Promise<Account> {
  const password = "correct horse battery staple";
  const res = await call("/api/auth/register", {
    body: {
      email: options.email ?? uniqueEmail(),
      password,
      name: options.name ?? "Alex",
      inviteCode: options.inviteCode,
    },
    headers: { "cf-connecting-ip": `10.0.${counter % 250}.${Math.floor(Math.random() * 250)}` },
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
