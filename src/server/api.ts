import { DomusError } from "../core/errors";
import { deleteAccount } from "./account/handlers";
import { exportHousehold } from "./account/export";
import { login, logout, me, register } from "./auth/handlers";
import type { Env } from "./config";
import { createDeps, type Deps } from "./deps";
import {
  createInvite,
  getHousehold,
  getInvites,
  joinHousehold,
  leaveHousehold,
  removeMember,
  renameHousehold,
  revokeInviteHandler,
  transferOwnership,
} from "./household/handlers";
import { changePassword, forgotPassword, resetPassword } from "./auth/password-handlers";
import { resendVerification, verifyEmail } from "./auth/verify-handlers";
import { listDevices, revokeDevice, revokeOtherDevices } from "./auth/device-handlers";
import { checkOrigin } from "./http/origin";
import { liveHandler, presenceHandler } from "./live/live-handlers";
import { consoleLogger, json, toResponse } from "./http/respond";
import { apiSecurityHeaders } from "./http/security-headers";
import { fullHandler, pullHandler, pushHandler, statusHandler } from "./sync/handlers";
import { pushKeyHandler, subscribeHandler, unsubscribeHandler } from "./reminders/handlers";

type Handler = (req: Request, deps: Deps) => Promise<Response>;

export const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/api/auth/register": { POST: register },
  "/api/auth/login": { POST: login },
  "/api/auth/logout": { POST: logout },
  "/api/auth/me": { GET: me },
  "/api/auth/delete-account": { POST: deleteAccount },
  "/api/household": { GET: getHousehold },
  "/api/household/export": { GET: exportHousehold },
  "/api/auth/forgot-password": { POST: forgotPassword },
  "/api/auth/reset-password": { POST: resetPassword },
  "/api/auth/change-password": { POST: changePassword },
  "/api/auth/verify-email": { POST: verifyEmail },
  "/api/auth/resend-verification": { POST: resendVerification },
  "/api/auth/sessions": { GET: listDevices },
  "/api/auth/sessions/revoke": { POST: revokeDevice },
  "/api/auth/sessions/revoke-others": { POST: revokeOtherDevices },
  "/api/household/invites": { GET: getInvites, POST: createInvite },
  "/api/household/invites/revoke": { POST: revokeInviteHandler },
  "/api/household/rename": { POST: renameHousehold },
  "/api/household/transfer": { POST: transferOwnership },
  "/api/household/remove-member": { POST: removeMember },
  "/api/household/leave": { POST: leaveHousehold },
  "/api/household/join": { POST: joinHousehold },
  "/api/household/presence": { GET: presenceHandler },
  "/api/sync/push": { POST: pushHandler },
  "/api/sync/pull": { POST: pullHandler },
  "/api/sync/full": { POST: fullHandler },
  "/api/sync/status": { GET: statusHandler },
  "/api/sync/live": { GET: liveHandler },
  "/api/push/key": { GET: pushKeyHandler },
  "/api/push/subscribe": { POST: subscribeHandler },
  "/api/push/unsubscribe": { POST: unsubscribeHandler },
  "/api/health": { GET: health },
};

async function health(_req: Request, deps: Deps): Promise<Response> {
  await deps.db.prepare("SELECT 1").first();
  await deps.kv.get("health:probe");
  return json({ ok: true, d1: "ok", kv: "ok" });
}

/** The methods a route answers: its own, HEAD wherever GET is, and OPTIONS. */
export function allowedMethods(route: Partial<Record<string, Handler>>): string[] {
  const own = Object.keys(route);
  return [...own, ...(own.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}

async function dispatch(req: Request, path: string, env: Env, overrides: Partial<Deps>): Promise<Response> {
  const route = ROUTES[path];
  if (!route) throw new DomusError("not_found", `No API route ${path}.`);
  const allow = allowedMethods(route).join(", ");
  if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
  // HEAD is GET without the body (RFC 9110 §9.3.2): same status and headers.
  const handler = route[req.method] ?? (req.method === "HEAD" ? route.GET : undefined);
  if (!handler) {
    throw new DomusError("method_not_allowed", `${req.method.slice(0, 20)} is not allowed on ${path}; use ${allow}.`);
  }
  const deps = createDeps(env, overrides);
  checkOrigin(req, deps.config.allowedOrigins);
  return handler(req, deps);
}

/**
 * The whole API as one framework-free function: Next.js's catch-all route calls it in production,
 * tests call it inside workerd with real local D1 and KV. Every response carries x-request-id and the
 * security headers (src/server/http/security-headers.ts).
 */
export async function handleApi(req: Request, env: Env, overrides: Partial<Deps> = {}): Promise<Response> {
  const requestId = req.headers.get("cf-ray") ?? crypto.randomUUID();
  const path = new URL(req.url).pathname.replace(/\/+$/, "");
  const logger = overrides.logger ?? consoleLogger;
  let response: Response;
  try {
    response = await dispatch(req, path, env, overrides);
  } catch (err) {
    response = toResponse(err, { requestId, logger, path });
  }
  // A WebSocket upgrade is handed back as it is: its socket cannot be copied into a new Response.
  if (response.status === 101) return response;
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  for (const [name, value] of Object.entries(apiSecurityHeaders(req))) headers.set(name, value);
  const route = ROUTES[path];
  if (response.status === 405 && route) headers.set("allow", allowedMethods(route).join(", "));
  const body = req.method === "HEAD" ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
