/** A fresh P-256 VAPID key pair as the Worker reads it (base64url public point and private scalar). */
export function generateVapidKeys(): Promise<{ VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string }>;
