import { getCloudflareContext } from "@opennextjs/cloudflare";
import { handleApi } from "@/server/api";

// Every /api route goes to the framework-free API (src/server/api.ts), which also answers unknown
// paths and methods with JSON errors.
// Work after the response (push notifications) is kept alive by the request's waitUntil.
const handle = (req: Request) => {
  const { env, ctx } = getCloudflareContext();
  return handleApi(req, env, { waitUntil: (work) => ctx.waitUntil(work) });
};

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
// Next.js would answer these itself (HEAD without the API's headers, OPTIONS listing every export).
export const HEAD = handle;
export const OPTIONS = handle;
