// `npm run dev`: the hot-reloading variant of `npm start`. `next dev` with the same local D1 and KV
// (initOpenNextCloudflareForDev in next.config.ts reads wrangler.jsonc and .wrangler/state),
// migrations applied first. PORT overrides 8787. Open http://localhost:<port>.
import { ensureDevSecrets, run } from "./lib.mjs";

const port = process.env.PORT ?? "8787";
await ensureDevSecrets();
await run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
console.log(`\nDomus (dev) is starting at http://localhost:${port}\n`);
await run("next", ["dev", "--hostname", "127.0.0.1", "--port", port]);
