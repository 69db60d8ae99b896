import { graphMetrics } from './graph-metrics';

describe('graphMetrics', () => {
  it('a line 1-2-3-4-5: degrees, one component, the middle is the best broker', () => {
    const sut = graphMetrics(
      [1, 2, 3, 4, 5],
      [
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ],
    );
    expect([...sut.degree]).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 1],
    ]);
    expect(sut.componentCount).toBe(1);
    // Pairs through 3: (1,4) (1,5) (2,4) (2,5) = 4 of C(4,2) = 6 pairs not involving 3.
    expect(sut.betweenness.get(3)).toBeCloseTo(4 / 6);
    expect(sut.betweenness.get(2)).toBeCloseTo(3 / 6);
    expect(sut.betweenness.get(1)).toBe(0);
  });

  it('a star: the hub lies on every path between leaves', () => {
    const sut = graphMetrics(
      [10, 11, 12, 13],
      [
        [10, 11],
        [10, 12],
        [10, 13],
      ],
    );
    expect(sut.betweenness.get(10)).toBeCloseTo(1);
    expect(sut.betweenness.get(11)).toBe(0);
    expect(sut.degree.get(10)).toBe(3);
  });

  it('a cycle of four: each node carries half of its opposite pair', () => {
    const sut = graphMetrics(
      [1, 2, 3, 4],
      [
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 1],
      ],
    );
    for (const n of [1, 2, 3, 4]) expect(sut.betweenness.get(n)).toBeCloseTo(0.5 / 3);
  });

  it('two components, numbered largest first, duplicate edges and loops ignored', () => {
    const sut = graphMetrics(
      [1, 2, 3, 7, 8],
      [
        [7, 8],
        [1, 2],
        [2, 3],
        [1, 2],
        [3, 3],
      ],
    );
    expect(sut.componentCount).toBe(2);
    expect([1, 2, 3].map((n) => sut.component.get(n))).toEqual([0, 0, 0]);
    expect([7, 8].map((n) => sut.component.get(n))).toEqual([1, 1]);
    expect(sut.degree.get(2)).toBe(2);
  });
});
