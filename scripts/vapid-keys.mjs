// VAPID keys (RFC 8292) for Web Push: a P-256 key pair as the Worker reads it (VAPID_PUBLIC_KEY:
// the uncompressed public point, base64url; VAPID_PRIVATE_KEY: the private scalar `d`, base64url).
// `node scripts/vapid-keys.mjs` prints a fresh pair for a deployment (see "Reminders" in the README);
// `npm start` and the tests generate their own dev-only pair with `generateVapidKeys`.
import path from "node:path";
import { webcrypto } from "node:crypto";

export async function generateVapidKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const raw = Buffer.from(await webcrypto.subtle.exportKey("raw", pair.publicKey));
  const jwk = await webcrypto.subtle.exportKey("jwk", pair.privateKey);
  return { VAPID_PUBLIC_KEY: raw.toString("base64url"), VAPID_PRIVATE_KEY: jwk.d };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const keys = await generateVapidKeys();
  console.log(`VAPID_PUBLIC_KEY=${keys.VAPID_PUBLIC_KEY}`);
  console.log(`VAPID_PRIVATE_KEY=${keys.VAPID_PRIVATE_KEY}`);
}
