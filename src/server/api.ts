import { DomusError } from "../core/errors";
import { deleteAccount, exportHousehold } from "./account/handlers";
import { login, logout, me, register } from "./auth/handlers";
import type { Env } from "./config";
import { createDeps, type Deps } from "./deps";
import { createInvite, getHousehold } from "./household/handlers";
import { checkOrigin } from "./http/origin";
import { liveHandler, presenceHandler } from "./live/live-handlers";
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
  "/api/household/invites": { POST: createInvite },
  "/api/household/presence": { GET: presenceHandler },
  "/api/sync/push": { POST: pushHandler },
  "/api/sync/pull": { POST: pullHandler },
  "/api/sync/full": { POST: fullHandler },
  "/api/sync/status": { GET: statusHandler },
  "/api/sync/live": { GET: liveHandler },
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
  // A WebSocket upgrade is handed back as it is: its socket cannot be copied into a new Response.
  if (response.status === 101) return response;
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  const allowed = ROUTES[path];
  if (response.status === 405 && allowed) headers.set("allow", Object.keys(allowed).join(", "));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
