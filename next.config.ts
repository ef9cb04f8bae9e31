import type { NextConfig } from "next";
import { initOpenNextCloudflareForDev } from "@opennextjs/cloudflare";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

// `next dev` gets the same local D1 and KV bindings as `wrangler dev`.
if (process.env.NODE_ENV === "development") void initOpenNextCloudflareForDev();
