import { RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * A seeded random source on pure-rand's xoroshiro128+, mutated in place (the
 * "unsafe" API) because the generator draws tens of millions of values and
 * allocating a new generator per draw would dominate the run time.
 */
export class Rng {
  private constructor(private readonly g: RandomGenerator) {}

  /** Only the low 32 bits of the seed matter: xoroshiro128plus takes a 32-bit seed. */
  static fromSeed(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /**
   * An independent stream 2^64 draws further on. Each part of the network gets its own
   * stream, so that e.g. changing the number of commitments leaves the projects unchanged.
   */
  fork(): Rng {
    const copy = this.g.clone();
    // Jump this generator too, so that the next fork starts elsewhere again.
    this.g.unsafeJump!();
    return new Rng(copy);
  }

  /** Uniform integer in [from, to], both included, without modulo bias. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.g);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.g.unsafeNext() >>> 5; // 27 bits
    const lo = this.g.unsafeNext() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float(); // in (0, 1], so the log is finite
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Pareto with minimum 1 and tail index alpha: P(X > x) = x^-alpha. */
  pareto(alpha: number): number {
    return Math.pow(1 - this.float(), -1 / alpha);
  }
}

/** Cumulative weights with binary-search sampling: O(log n) per draw, deterministic. */
export class WeightTable {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    if (weights.length === 0) throw new Error('a weight table needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) throw new Error(`weight ${i} is not a non-negative number`);
      sum += weights[i];
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('a weight table needs a positive total weight');
    this.total = sum;
  }

  get size(): number {
    return this.cumulative.length;
  }

  sample(rng: Rng): number {
    return searchCumulative(this.cumulative, 0, this.cumulative.length, rng.float() * this.total);
  }
}

/**
 * First index i in [start, end) with cumulative[i] > target, where cumulative
 * is non-decreasing in that slice (the last index when rounding overshoots).
 */
export function searchCumulative(
  cumulative: Float64Array,
  start: number,
  end: number,
  target: number,
): number {
  let lo = start;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
