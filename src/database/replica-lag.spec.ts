import fc from 'fast-check';
import { insertedEnd, lagMs, parseLsn, pruneSamples, type LsnSample } from './replica-lag';

describe('parseLsn', () => {
  it('reads PostgreSQL positions so that they compare as the WAL runs', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(parseLsn(null)).toBeNull();
    expect(parseLsn('nonsense')).toBeNull();
  });
});

describe('lagMs', () => {
  const samples: LsnSample[] = [
    { at: 1000, lsn: 100n },
    { at: 2000, lsn: 100n },
    { at: 3000, lsn: 250n },
    { at: 4000, lsn: 300n },
  ];

  it('is 0 for a standby that replayed the latest position, however idle the primary', () => {
    expect(lagMs(samples, 300n, 60_000)).toBe(0);
    expect(lagMs(samples, 999n, 60_000)).toBe(0);
  });

  it('counts from the last sample the standby reached', () => {
    expect(lagMs(samples, 260n, 4500)).toBe(1500);
    expect(lagMs(samples, 100n, 4500)).toBe(2500);
  });

  it('is unknown when the standby reached no sample, or nothing is known', () => {
    expect(lagMs(samples, 50n, 4500)).toBeNull();
    expect(lagMs([], 50n, 4500)).toBeNull();
    expect(lagMs(samples, null, 4500)).toBeNull();
  });

  it('never says less than the time since the primary first wrote past the replayed position', () => {
    // Reference: the oldest sample beyond `replay` was written at or after the standby's state.
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 1, maxLength: 30 }),
        fc.nat(2000),
        (steps, replay) => {
          let lsn = 0n;
          const s = steps.map((step, i) => ({ at: i * 100, lsn: (lsn += BigInt(step)) }));
          const now = steps.length * 100;
          const got = lagMs(s, BigInt(replay), now);
          const beyond = s.find((x) => x.lsn > BigInt(replay));
          if (!beyond) return got === 0;
          if (s[0].lsn > BigInt(replay)) return got === null;
          return got !== null && got >= now - beyond.at && got <= now;
        },
      ),
    );
  });
});

describe('pruneSamples', () => {
  it('drops old samples but keeps the latest', () => {
    const s: LsnSample[] = [
      { at: 0, lsn: 1n },
      { at: 500, lsn: 2n },
      { at: 900, lsn: 3n },
    ];
    pruneSamples(s, 1000, 300);
    expect(s).toEqual([{ at: 900, lsn: 3n }]);
    pruneSamples(s, 10_000, 300);
    expect(s).toEqual([{ at: 900, lsn: 3n }]);
  });
});

describe('insertedEnd', () => {
  const block = 8192n;
  const segment = 16n * 1024n * 1024n;

  it('is the insert position itself inside a page', () => {
    expect(insertedEnd(segment + 5n * block + 1000n, block, segment)).toBe(
      segment + 5n * block + 1000n,
    );
  });

  it("is the page boundary when the insert position is just past a page's header", () => {
    // A record that ended at the end of a page: a standby that replayed it reports the boundary.
    expect(insertedEnd(segment + 5n * block + 24n, block, segment)).toBe(segment + 5n * block);
    // The first page of a segment has the long header.
    expect(insertedEnd(3n * segment + 40n, block, segment)).toBe(3n * segment);
  });
});
