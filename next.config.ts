import type { NextConfig } from "next";
import { initOpenNextCloudflareForDev } from "@opennextjs/cloudflare";

// Local-only routes (the local mailbox: src/app/dev/mailbox/page.dev.tsx, src/app/api/dev/mailbox/route.dev.ts)
// end in `.dev.tsx`/`.dev.ts`. They are routes only when this is not a production build:
// `npm run deploy` and `deploy:check` set DOMUS_PRODUCTION_BUILD=1, so they are not in that bundle at all
// (deploy:check fails if they are).
const production = process.env.DOMUS_PRODUCTION_BUILD === "1";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  pageExtensions: production ? ["tsx", "ts"] : ["dev.tsx", "dev.ts", "tsx", "ts"],
};

export default nextConfig;

// `next dev` gets the same local D1 and KV bindings as `wrangler dev`.
if (process.env.NODE_ENV === "development") void initOpenNextCloudflareForDev();
