import { defineCloudflareConfig } from "@opennextjs/cloudflare";

export default {
  ...defineCloudflareConfig({}),
  // `next build` (in OpenNext's standalone mode), then the service worker with Serwist's precache
  // manifest of that build (serwist.config.mjs writes public/sw.js), before OpenNext copies public/.
  buildCommand: "npm run build && serwist build serwist.config.mjs",
};
