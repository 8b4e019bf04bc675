/**
 * Officials' bearer tokens: `base64url(JSON {sub, iat, exp}).base64url(HMAC-SHA256)` keyed by
 * AUTH_TOKEN_SECRET. Stateless; a deactivated official is refused when the token is used, since
 * every request loads the official.
 */
import crypto from 'node:crypto';

export interface TokenClaims {
  /** The official's id. */
  sub: string;
  iat: number;
  exp: number;
}

const mac = (secret: string, payload: string): string =>
  crypto.createHmac('sha256', secret).update(`motcua/v1.${payload}`).digest('base64url');

export function issueToken(
  officialId: string,
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): { token: string; expiresAt: Date } {
  const iat = Math.floor(now / 1000);
  const claims: TokenClaims = { sub: officialId, iat, exp: iat + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { token: `${payload}.${mac(secret, payload)}`, expiresAt: new Date(claims.exp * 1000) };
}

/** The claims of a genuine, unexpired token; null otherwise. */
export function verifyToken(token: string, secret: string, now = Date.now()): TokenClaims | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return claims.exp * 1000 > now ? claims : null;
  } catch {
    return null;
  }
}
