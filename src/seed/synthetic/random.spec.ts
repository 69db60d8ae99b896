import { Rng, searchCumulative, WeightTable } from './random';

describe('Rng', () => {
  const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 1_000_000));

  it('repeats the same sequence for the same seed and another one for another seed', () => {
    expect(draws(Rng.fromSeed(42), 100)).toEqual(draws(Rng.fromSeed(42), 100));
    expect(draws(Rng.fromSeed(42), 100)).not.toEqual(draws(Rng.fromSeed(43), 100));
  });

  it('forks independent streams deterministically', () => {
    const a = Rng.fromSeed(7);
    const b = Rng.fromSeed(7);
    const [a1, a2] = [a.fork(), a.fork()];
    const [b1, b2] = [b.fork(), b.fork()];
    expect(draws(a1, 50)).toEqual(draws(b1, 50));
    expect(draws(a2, 50)).toEqual(draws(b2, 50));
    expect(draws(Rng.fromSeed(7).fork(), 50)).not.toEqual(draws(a2, 50));
  });

  it('keeps integers and floats in range, with about the right mean', () => {
    const rng = Rng.fromSeed(1);
    let sum = 0;
    let outside = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = rng.int(2, 8);
      if (!(x >= 2 && x <= 8 && Number.isInteger(x))) outside++;
      seen.add(x);
      const f = rng.float();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
    }
    expect(outside).toBe(0);
    expect(seen.size).toBe(7);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('draws Pareto values of at least 1 with a heavy tail', () => {
    const rng = Rng.fromSeed(3);
    const values = Array.from({ length: 20_000 }, () => rng.pareto(1.5));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    // P(X > 10) = 10^-1.5 ≈ 3.2 %
    const share = values.filter((v) => v > 10).length / values.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.045);
  });
});

describe('WeightTable', () => {
  it('samples in proportion to the weights and never a zero weight', () => {
    const table = new WeightTable([1, 0, 3, 6]);
    const rng = Rng.fromSeed(9);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[table.sample(rng)]++;
    expect(counts[1]).toBe(0);
    expect(counts[0] / 50_000).toBeCloseTo(0.1, 1);
    expect(counts[2] / 50_000).toBeCloseTo(0.3, 1);
    expect(counts[3] / 50_000).toBeCloseTo(0.6, 1);
  });

  it('rejects empty, negative and all-zero weights', () => {
    expect(() => new WeightTable([])).toThrow();
    expect(() => new WeightTable([1, -1])).toThrow();
    expect(() => new WeightTable([0, 0])).toThrow();
  });

  it('searches a slice of a cumulative array', () => {
    const cumulative = Float64Array.from([5, 1, 2, 2, 4, 9]);
    expect(searchCumulative(cumulative, 1, 5, 0.5)).toBe(1);
    expect(searchCumulative(cumulative, 1, 5, 1.5)).toBe(2);
    expect(searchCumulative(cumulative, 1, 5, 2)).toBe(4);
    expect(searchCumulative(cumulative, 1, 5, 3.9)).toBe(4);
  });
});
