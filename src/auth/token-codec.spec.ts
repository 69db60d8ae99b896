import jwt from 'jsonwebtoken';
import { apiKeyMatches, hashApiKey, newApiKey, parseBearer, signJwt } from './token-codec';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('API keys', () => {
  it('carry their token id and are stored only as a hash', () => {
    const { key, hash } = newApiKey(42);
    expect(key).toMatch(/^kvk_42_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(7));
    expect(parseBearer(`Bearer ${key}`, undefined)).toEqual({ kind: 'API_KEY', tokenId: 42, key });
  });

  it('match only their own hash', () => {
    const a = newApiKey(1);
    const b = newApiKey(1);
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(apiKeyMatches(a.key, '')).toBe(false);
  });
});

describe('JWTs', () => {
  it('are verified with the secret and name their token id', () => {
    const token = signJwt(7, SECRET, { name: 'n', role: 'ADMIN' });
    expect(parseBearer(`Bearer ${token}`, SECRET)).toEqual({ kind: 'JWT', tokenId: 7 });
    expect(parseBearer(`bearer   ${token}`, SECRET)).toEqual({ kind: 'JWT', tokenId: 7 });
  });

  it('are refused with another secret, without a secret, or when expired', () => {
    const token = signJwt(7, SECRET, { name: 'n', role: 'ADMIN' });
    expect(parseBearer(`Bearer ${token}`, SECRET + 'x').kind).toBe('INVALID');
    expect(parseBearer(`Bearer ${token}`, undefined)).toMatchObject({
      kind: 'INVALID',
      reason: expect.stringMatching(/does not accept JWTs/) as unknown,
    });
    const old = signJwt(7, SECRET, {
      name: 'n',
      role: 'ADMIN',
      expiresAt: new Date(Date.now() - 60_000),
    });
    expect(parseBearer(`Bearer ${old}`, SECRET)).toMatchObject({
      kind: 'INVALID',
      reason: expect.stringMatching(/expired/) as unknown,
    });
  });

  it('refuses other algorithms and tokens from other issuers', () => {
    const none = jwt.sign({ jti: '7' }, '', { algorithm: 'none' });
    expect(parseBearer(`Bearer ${none}`, SECRET).kind).toBe('INVALID');
    const foreign = jwt.sign({}, SECRET, {
      algorithm: 'HS256',
      jwtid: '7',
      issuer: 'someone-else',
    });
    expect(parseBearer(`Bearer ${foreign}`, SECRET).kind).toBe('INVALID');
    const noId = jwt.sign({}, SECRET, { algorithm: 'HS256', issuer: 'kuntaverkko' });
    expect(parseBearer(`Bearer ${noId}`, SECRET).kind).toBe('INVALID');
  });
});

describe('the Authorization header', () => {
  it.each(['', 'Basic abc', 'Bearer', 'Bearer a b', 'kvk_1_x'])('refuses %j', (header) => {
    expect(parseBearer(header, SECRET).kind).toBe('INVALID');
  });
});
