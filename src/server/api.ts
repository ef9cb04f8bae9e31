import { DomusError } from "../core/errors";
import { deleteAccount, exportHousehold } from "./account/handlers";
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
import { consoleLogger, json, toResponse } from "./http/respond";
import { fullHandler, pullHandler, pushHandler, statusHandler } from "./sync/handlers";

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
  "/api/sync/push": { POST: pushHandler },
  "/api/sync/pull": { POST: pullHandler },
  "/api/sync/full": { POST: fullHandler },
  "/api/sync/status": { GET: statusHandler },
  "/api/health": { GET: health },
};

async function health(_req: Request, deps: Deps): Promise<Response> {
  await deps.db.prepare("SELECT 1").first();
  await deps.kv.get("health:probe");
  return json({ ok: true, d1: "ok", kv: "ok" });
}

/**
 * The whole API as one framework-free function: Next.js's catch-all route calls it in production,
 * tests call it inside workerd with real local D1 and KV. Every response carries x-request-id.
 */
export async function handleApi(req: Request, env: Env, overrides: Partial<Deps> = {}): Promise<Response> {
  const requestId = req.headers.get("cf-ray") ?? crypto.randomUUID();
  const path = new URL(req.url).pathname.replace(/\/+$/, "");
  const logger = overrides.logger ?? consoleLogger;
  let response: Response;
  try {
    const route = ROUTES[path];
    if (!route) throw new DomusError("not_found", `No API route ${path}.`);
    const handler = route[req.method];
    if (!handler) {
      throw new DomusError(
        "method_not_allowed",
        `${req.method} is not allowed on ${path}; use ${Object.keys(route).join(", ")}.`,
      );
    }
    const deps = createDeps(env, overrides);
    checkOrigin(req, deps.config.allowedOrigins);
    response = await handler(req, deps);
  } catch (err) {
    response = toResponse(err, { requestId, logger, path });
  }
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  const allowed = ROUTES[path];
  if (response.status === 405 && allowed) headers.set("allow", Object.keys(allowed).join(", "));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
