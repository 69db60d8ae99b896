import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * Token formats, free of framework code so they are unit-tested directly.
 *
 * - API key: `kvk_<tokenId>_<43 base64url chars>`. The id finds the row by
 *   primary key; only the SHA-256 of the whole key is stored.
 * - JWT: HS256 with JWT_SECRET; `jti` is the token id, so the stored row can
 *   revoke it.
 */
const API_KEY = /^kvk_([1-9][0-9]{0,9})_([A-Za-z0-9_-]{43})$/;
const ISSUER = 'kuntaverkko';

export type ParsedToken =
  | { kind: 'API_KEY'; tokenId: number; key: string }
  | { kind: 'JWT'; tokenId: number }
  | { kind: 'INVALID'; reason: string };

export function newApiKey(tokenId: number): { key: string; hash: string } {
  const key = `kvk_${tokenId}_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signJwt(
  tokenId: number,
  secret: string,
  options: { name: string; role: string; expiresAt?: Date | null },
): string {
  const payload: jwt.JwtPayload = { name: options.name, role: options.role };
  if (options.expiresAt) payload.exp = Math.floor(options.expiresAt.getTime() / 1000);
  return jwt.sign(payload, secret, {
    algorithm: 'HS256',
    jwtid: String(tokenId),
    issuer: ISSUER,
  });
}

/** Reads an `Authorization` header value. JWTs are verified here; API keys against the store. */
export function parseBearer(header: string, jwtSecret: string | undefined): ParsedToken {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    return { kind: 'INVALID', reason: 'the Authorization header must be "Bearer <token>"' };
  const token = match[1];
  const key = API_KEY.exec(token);
  if (key) return { kind: 'API_KEY', tokenId: Number(key[1]), key: token };
  if (token.split('.').length !== 3) return { kind: 'INVALID', reason: 'the token is malformed' };
  if (!jwtSecret) return { kind: 'INVALID', reason: 'this server does not accept JWTs' };
  try {
    const claims = jwt.verify(token, jwtSecret, { algorithms: ['HS256'], issuer: ISSUER });
    const id = typeof claims === 'object' ? Number(claims.jti) : NaN;
    if (!Number.isInteger(id) || id <= 0) return { kind: 'INVALID', reason: 'the token has no id' };
    return { kind: 'JWT', tokenId: id };
  } catch (e) {
    return {
      kind: 'INVALID',
      reason:
        e instanceof jwt.TokenExpiredError ? 'the token has expired' : 'the token is not valid',
    };
  }
}
