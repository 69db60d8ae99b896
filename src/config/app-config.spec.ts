import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(3000);
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.SEED_ON_START).toBe(true);
    expect(sut.STATEMENT_TIMEOUT_MS).toBe(5000);
  });

  it('reads numbers and booleans from strings', () => {
    const sut = loadConfig({
      PORT: '4100',
      SEED_ON_START: 'false',
      DATABASE_URL: 'postgres://a@b/c',
    });
    expect(sut.PORT).toBe(4100);
    expect(sut.SEED_ON_START).toBe(false);
    expect(sut.DATABASE_URL).toBe('postgres://a@b/c');
  });

  it('names every wrong variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });
});
