// OpenNext's `getCloudflareContext().env` is typed by its global `CloudflareEnv`: these are the
// bindings `wrangler types` generates from wrangler.jsonc (worker-bindings.d.ts), so the app's API
// route hands them to the server without a cast.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a declaration merge, not a new type
interface CloudflareEnv extends WorkerBindings {}
