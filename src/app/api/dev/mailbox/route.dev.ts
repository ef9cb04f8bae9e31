import { getCloudflareContext } from "@opennextjs/cloudflare";
import type { Env } from "@/server/config";
import { readMailbox } from "@/server/email/dev-mailbox";

// LOCAL BUILDS ONLY (see next.config.ts): `GET /api/dev/mailbox?to=<email>` lists the messages the
// local mailbox holds, newest first, as [{to, subject, text, html, sentAt}].
export async function GET(req: Request): Promise<Response> {
  const env = getCloudflareContext().env as unknown as Env;
  // The marker deploy:check looks for in a production bundle (scripts/deploy.mjs).
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-domus-local": "domus-dev-mailbox",
  };
  if (env.LOCAL_MAILBOX !== "1") {
    return new Response(JSON.stringify({ error: { code: "not_found", message: "No API route /api/dev/mailbox." } }), {
      status: 404,
      headers,
    });
  }
  const to = new URL(req.url).searchParams.get("to");
  return new Response(JSON.stringify(await readMailbox(env.KV, to)), { headers });
}
