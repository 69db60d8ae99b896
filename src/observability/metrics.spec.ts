import { scrapeAllowed } from './metrics';

describe('scrapeAllowed', () => {
  const token = 'a-metrics-token-of-some-length';

  it('lets every scrape through without METRICS_TOKEN', () => {
    expect(scrapeAllowed(undefined, undefined)).toBe(true);
    expect(scrapeAllowed('Bearer anything', undefined)).toBe(true);
  });

  it('needs exactly the bearer token when one is set', () => {
    expect(scrapeAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(scrapeAllowed(`bearer ${token}`, token)).toBe(true);
    for (const header of [undefined, '', token, `Basic ${token}`, `Bearer ${token}x`, 'Bearer ']) {
      expect({ header, allowed: scrapeAllowed(header, token) }).toEqual({ header, allowed: false });
    }
  });
});
