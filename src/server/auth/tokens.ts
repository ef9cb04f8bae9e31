import { SignJWT, jwtVerify } from "jose";

export interface TokenClaims {
  sid: string;
  sub: string;
}

export async function signSessionToken(claims: TokenClaims, secret: Uint8Array, ttlSeconds: number): Promise<string> {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/**
 * The claims of a valid token, or null: bad signature, expired, without `exp` (a token that never
 * expires is never issued, so one is forged or from a leaked key), any `alg` but HS256 (`none`
 * included), or a token minted for another purpose (a device cookie has an audience; sessions none).
 */
export async function verifySessionToken(token: string, secret: Uint8Array): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "sid", "sub"],
    });
    if (payload.aud !== undefined) return null;
    if (typeof payload.sid !== "string" || typeof payload.sub !== "string") return null;
    return { sid: payload.sid, sub: payload.sub };
  } catch {
    return null;
  }
}
