import { getCloudflareContext } from "@opennextjs/cloudflare";
import { handleApi } from "@/server/api";

// Every /api route goes to the framework-free API (src/server/api.ts), which also answers unknown
// paths and methods with JSON errors.
const handle = (req: Request) => handleApi(req, getCloudflareContext().env);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
// Next.js would answer these itself (HEAD without the API's headers, OPTIONS listing every export).
export const HEAD = handle;
export const OPTIONS = handle;
