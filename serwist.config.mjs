// `serwist build serwist.config.mjs` (Serwist's configurator mode, run by `npm run build:worker` after
// `next build`): bundles src/service-worker/sw.js into public/sw.js with the precache manifest read
// from the build output: every prerendered route (.next/server/app/**/*.html) and every file of
// .next/static and public/, each with a revision. OpenNext then copies public/ into the Worker's assets.
import { serwist } from "@serwist/next/config";

export default serwist({
  swSrc: "src/service-worker/sw.js",
  swDest: "public/sw.js",
  globIgnores: [
    // Cloudflare's own config file, never served; source maps nobody offline needs.
    "public/_headers",
    "public/**/*.map",
    // Local-only pages (the mailbox, the error page's crash page): not production routes.
    ".next/server/app/dev/**",
  ],
  // A classic worker script (registered without type: "module"), so importScripts("/sw-sync.js") works.
  esbuildOptions: { format: "iife" },
});
