import { DomusError } from "../core/errors";
import type { SendEmailBinding } from "./email/email-sender";
import type { HouseholdHub } from "./live/household-hub";

/**
 * The bindings and variables the Worker receives: the bindings of wrangler.jsonc as `wrangler types`
 * generates them (worker-bindings.d.ts, `npm run types`; the server uses D1 and KV), and the variables of `.dev.vars`,
 * `wrangler secret` and the dashboard, all optional strings.
 */
export interface Env extends Pick<WorkerBindings, "DB" | "KV"> {
  /** The household hubs (live channel); absent where the Worker entry is not running (`next dev`). */
  HUB?: DurableObjectNamespace<HouseholdHub>;
  JWT_SECRET?: string;
  PASSWORD_PEPPER?: string;
  SESSION_DURATION?: string;
  API_BASE_URL?: string;
  /** The D1 binding new households are placed in (default `DB`); see docs/scaling.md. */
  SHARD_FOR_NEW_HOUSEHOLDS?: string;
  BCRYPT_COST?: string;
  MAX_BODY_BYTES?: string;
  MAX_CLOCK_SKEW?: string;
  INVITE_TTL?: string;
  /** How long a password reset link works (default 30m). */
  PASSWORD_RESET_TTL?: string;
  RATE_LIMIT_LOGIN_PER_EMAIL?: string;
  RATE_LIMIT_LOGIN_PER_IP?: string;
  RATE_LIMIT_LOGIN_PER_DEVICE?: string;
  RATE_LIMIT_REGISTER_PER_IP?: string;
  RATE_LIMIT_SYNC_PER_USER?: string;
  RATE_LIMIT_RESET_PER_EMAIL?: string;
  RATE_LIMIT_RESET_PER_IP?: string;
  RATE_LIMIT_INVITES_PER_HOUSEHOLD?: string;
  /** Cloudflare Email Service binding (`send_email`), added by `npm run deploy`. */
  EMAIL?: SendEmailBinding;
  /** The sender address of every email, on a domain onboarded to Cloudflare Email Service. */
  EMAIL_FROM?: string;
  /** "1" locally only: emails go to the local mailbox (GET /api/dev/mailbox, /dev/mailbox). */
  LOCAL_MAILBOX?: string;
  HOUSEHOLD_MAX_ROWS?: string;
  HOUSEHOLD_MAX_BYTES?: string;
  PULL_PAGE_BYTES?: string;
  /** Web Push (src/server/reminders/vapid.ts): all three or none; none sends no notifications. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  RATE_LIMIT_PUSH_SUBSCRIBE_PER_USER?: string;
}

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export interface Config {
  jwtSecret: Uint8Array;
  pepper: string;
  sessionSeconds: number;
  allowedOrigins: string[];
  bcryptCost: number;
  maxBodyBytes: number;
  clockSkewMs: number;
  inviteSeconds: number;
  resetSeconds: number;
  /** Per-household quotas (rows not yet purged; bytes as src/core/ddl.ts rowSizeSql counts them). */
  quota: { maxRows: number; maxBytes: number };
  /** A pull page stops at about this many bytes (always one row at least). */
  pullPageBytes: number;
  rateLimits: {
    loginPerEmail: RateRule;
    loginPerIp: RateRule;
    loginPerDevice: RateRule;
    registerPerIp: RateRule;
    syncPerUser: RateRule;
    resetPerEmail: RateRule;
    resetPerIp: RateRule;
    invitesPerHousehold: RateRule;
  };
}

/**
 * A misconfigured deployment answers every request with a 500 whose message names the variable to fix
 * (never its value, never a stack trace), and the same message is logged.
 */
function configError(message: string): DomusError {
  return new DomusError("internal_error", `Server misconfigured: ${message}`);
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** "7d", "15m", "3600" (seconds) → seconds. */
export function parseDuration(value: string, name: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/.exec(value.trim());
  const unit = UNIT_SECONDS[m?.[2] || "s"];
  if (!m?.[1] || unit === undefined || Number(m[1]) <= 0) {
    throw configError(`${name} must be a duration like 7d, 12h, 15m or 3600 (got "${value}").`);
  }
  return Number(m[1]) * unit;
}

/** "10/15m": at most 10 in any 15-minute window. */
export function parseRate(value: string, name: string): RateRule {
  const [count, window] = value.split("/");
  const limit = Number(count);
  if (!Number.isInteger(limit) || limit <= 0 || !window) {
    throw configError(`${name} must look like 10/15m (got "${value}").`);
  }
  return { limit, windowSeconds: parseDuration(window, name) };
}

function requireSecret(value: string | undefined, name: string): string {
  if (!value || value.length < 32) {
    // A deployment without its secrets must fail loudly, never run with a guessable key.
    throw configError(
      `${name} is ${value ? "too short" : "not set"}: set it with \`wrangler secret put ${name}\` (at least 32 characters).`,
    );
  }
  return value;
}

/** A whole number in [min, max], or `fallback` when unset. */
function parseInteger(value: string | undefined, fallback: number, range: { name: string; min: number; max: number }) {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw configError(`${range.name} must be a whole number from ${range.min} to ${range.max} (got "${value}").`);
  }
  return n;
}

/** API_BASE_URL: one URL or a comma-separated list; each names an origin allowed to call the API. */
function parseOrigins(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!URL.canParse(s))
        throw configError(`API_BASE_URL must be absolute URLs like https://domus.example (got "${s}").`);
      return new URL(s).origin;
    });
}

const cache = new WeakMap<object, Config>();

export function loadConfig(env: Env): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const config: Config = {
    jwtSecret: new TextEncoder().encode(requireSecret(env.JWT_SECRET, "JWT_SECRET")),
    pepper: requireSecret(env.PASSWORD_PEPPER, "PASSWORD_PEPPER"),
    sessionSeconds: parseDuration(env.SESSION_DURATION ?? "7d", "SESSION_DURATION"),
    allowedOrigins: parseOrigins(env.API_BASE_URL),
    bcryptCost: parseInteger(env.BCRYPT_COST, 10, { name: "BCRYPT_COST", min: 4, max: 15 }),
    // Without a valid number the body limit would silently vanish (any size > NaN is false).
    maxBodyBytes: parseInteger(env.MAX_BODY_BYTES, 5 * 1024 * 1024, {
      name: "MAX_BODY_BYTES",
      min: 1,
      max: 100 * 1024 * 1024,
    }),
    clockSkewMs: parseDuration(env.MAX_CLOCK_SKEW ?? "10m", "MAX_CLOCK_SKEW") * 1000,
    inviteSeconds: parseDuration(env.INVITE_TTL ?? "7d", "INVITE_TTL"),
    resetSeconds: parseDuration(env.PASSWORD_RESET_TTL ?? "30m", "PASSWORD_RESET_TTL"),
    quota: {
      maxRows: parseInteger(env.HOUSEHOLD_MAX_ROWS, 100_000, { name: "HOUSEHOLD_MAX_ROWS", min: 1, max: 100_000_000 }),
      maxBytes: parseInteger(env.HOUSEHOLD_MAX_BYTES, 50 * 1024 * 1024, {
        name: "HOUSEHOLD_MAX_BYTES",
        min: 1,
        max: 10 * 1024 * 1024 * 1024,
      }),
    },
    pullPageBytes: parseInteger(env.PULL_PAGE_BYTES, 2_000_000, { name: "PULL_PAGE_BYTES", min: 1, max: 20_000_000 }),
    rateLimits: {
      loginPerEmail: parseRate(env.RATE_LIMIT_LOGIN_PER_EMAIL ?? "10/15m", "RATE_LIMIT_LOGIN_PER_EMAIL"),
      loginPerIp: parseRate(env.RATE_LIMIT_LOGIN_PER_IP ?? "50/15m", "RATE_LIMIT_LOGIN_PER_IP"),
      loginPerDevice: parseRate(env.RATE_LIMIT_LOGIN_PER_DEVICE ?? "10/15m", "RATE_LIMIT_LOGIN_PER_DEVICE"),
      registerPerIp: parseRate(env.RATE_LIMIT_REGISTER_PER_IP ?? "20/1h", "RATE_LIMIT_REGISTER_PER_IP"),
      syncPerUser: parseRate(env.RATE_LIMIT_SYNC_PER_USER ?? "600/1m", "RATE_LIMIT_SYNC_PER_USER"),
      resetPerEmail: parseRate(env.RATE_LIMIT_RESET_PER_EMAIL ?? "3/1h", "RATE_LIMIT_RESET_PER_EMAIL"),
      resetPerIp: parseRate(env.RATE_LIMIT_RESET_PER_IP ?? "20/1h", "RATE_LIMIT_RESET_PER_IP"),
      invitesPerHousehold: parseRate(
        env.RATE_LIMIT_INVITES_PER_HOUSEHOLD ?? "30/1d",
        "RATE_LIMIT_INVITES_PER_HOUSEHOLD",
      ),
    },
  };
  cache.set(env, config);
  return config;
}
