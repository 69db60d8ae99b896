import { startTestApp, type TestApp } from './support/test-app';

/**
 * TRUST_PROXY: the client address (per-IP rate limits, read-your-writes) comes from
 * X-Forwarded-For only when the request came through a trusted proxy. Requests here come
 * from 127.0.0.1, so `loopback` trusts them and no setting does not.
 */
const BUDGET = `{ rateLimit { used remaining } }`;

async function usedBy(app: TestApp, forwardedFor: string): Promise<number> {
  const res = await fetch(`${app.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: BUDGET }),
  });
  const body = (await res.json()) as { data: { rateLimit: { used: number } } };
  return body.data.rateLimit.used;
}

describe('TRUST_PROXY', () => {
  describe('unset', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ env: { RATE_LIMIT_POINTS: '1000' } });
    });
    afterAll(() => app?.close());

    it('ignores X-Forwarded-For: every forged address spends the same budget', async () => {
      const first = await usedBy(app, '198.51.100.1');
      const second = await usedBy(app, '198.51.100.2');
      const third = await usedBy(app, '203.0.113.9');
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      expect(third).toBeGreaterThan(second);
    });
  });

  describe('loopback (the balancer in front runs on this host)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ env: { RATE_LIMIT_POINTS: '1000', TRUST_PROXY: 'loopback' } });
    });
    afterAll(() => app?.close());

    it('takes the client from X-Forwarded-For: each address has its own budget', async () => {
      const a1 = await usedBy(app, '198.51.100.1');
      const b1 = await usedBy(app, '198.51.100.2');
      const a2 = await usedBy(app, '198.51.100.1');
      expect(b1).toBe(a1);
      expect(a2).toBeGreaterThan(a1);
      // The rightmost untrusted address counts: a client cannot pick its own by prepending.
      const forged = await usedBy(app, '203.0.113.50, 198.51.100.2');
      expect(forged).toBeGreaterThan(b1);
    });
  });

  describe('hop count 1', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ env: { RATE_LIMIT_POINTS: '1000', TRUST_PROXY: '1' } });
    });
    afterAll(() => app?.close());

    it('trusts the one proxy in front: the last X-Forwarded-For entry is the client', async () => {
      const a1 = await usedBy(app, '192.0.2.1, 198.51.100.7');
      const b1 = await usedBy(app, '198.51.100.8');
      const a2 = await usedBy(app, '198.51.100.7');
      expect(b1).toBe(a1);
      expect(a2).toBeGreaterThan(a1);
    });
  });
});
