/**
 * Metrics of a network that has already been selected for drawing (at most
 * a few thousand nodes): degree, connected components and betweenness.
 * Pure functions over edge lists, so they are unit-tested on small graphs.
 */

export interface Metrics {
  degree: Map<number, number>;
  component: Map<number, number>;
  componentCount: number;
  betweenness: Map<number, number>;
}

/** Exact betweenness up to this many nodes; above it, Brandes from SAMPLE_SOURCES evenly spaced sources. */
export const EXACT_BETWEENNESS_LIMIT = 500;
export const SAMPLE_SOURCES = 200;

function adjacency(nodes: number[], edges: [number, number][]): Map<number, number[]> {
  const adj = new Map<number, number[]>(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) {
    if (a === b) continue;
    adj.get(a)?.push(b);
    adj.get(b)?.push(a);
  }
  for (const [n, list] of adj)
    adj.set(
      n,
      [...new Set(list)].sort((x, y) => x - y),
    );
  return adj;
}

/** Components numbered 0.. by size, largest first (ties: smallest node id first). */
function components(
  nodes: number[],
  adj: Map<number, number[]>,
): { component: Map<number, number>; count: number } {
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const start of [...nodes].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const group: number[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length) {
      const n = queue.pop()!;
      group.push(n);
      for (const m of adj.get(n) ?? []) {
        if (seen.has(m)) continue;
        seen.add(m);
        queue.push(m);
      }
    }
    groups.push(group);
  }
  groups.sort((a, b) => b.length - a.length || Math.min(...a) - Math.min(...b));
  const component = new Map<number, number>();
  groups.forEach((g, i) => g.forEach((n) => component.set(n, i)));
  return { component, count: groups.length };
}

/**
 * Brandes' algorithm on the unweighted, undirected graph, normalised by
 * (n − 1)(n − 2) / 2 so scores lie in 0–1. With more than
 * EXACT_BETWEENNESS_LIMIT nodes, it runs from SAMPLE_SOURCES sources spread
 * evenly over the node ids and scales up (Brandes & Pich's estimate).
 */
function betweenness(nodes: number[], adj: Map<number, number[]>): Map<number, number> {
  const score = new Map<number, number>(nodes.map((n) => [n, 0]));
  const sorted = [...nodes].sort((a, b) => a - b);
  const sources =
    sorted.length <= EXACT_BETWEENNESS_LIMIT
      ? sorted
      : Array.from(
          { length: SAMPLE_SOURCES },
          (_, i) => sorted[Math.floor((i * sorted.length) / SAMPLE_SOURCES)],
        );
  for (const s of sources) {
    const stack: number[] = [];
    const preds = new Map<number, number[]>();
    const sigma = new Map<number, number>([[s, 1]]);
    const dist = new Map<number, number>([[s, 0]]);
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      stack.push(v);
      for (const w of adj.get(v) ?? []) {
        if (!dist.has(w)) {
          dist.set(w, dist.get(v)! + 1);
          queue.push(w);
        }
        if (dist.get(w) === dist.get(v)! + 1) {
          sigma.set(w, (sigma.get(w) ?? 0) + sigma.get(v)!);
          preds.set(w, [...(preds.get(w) ?? []), v]);
        }
      }
    }
    const delta = new Map<number, number>();
    while (stack.length) {
      const w = stack.pop()!;
      for (const v of preds.get(w) ?? []) {
        delta.set(
          v,
          (delta.get(v) ?? 0) + (sigma.get(v)! / sigma.get(w)!) * (1 + (delta.get(w) ?? 0)),
        );
      }
      if (w !== s) score.set(w, score.get(w)! + (delta.get(w) ?? 0));
    }
  }
  const n = nodes.length;
  // Each pair is counted from both ends in an undirected graph: halve, then normalise.
  const scale = (sorted.length / sources.length) * 0.5 * (n > 2 ? 2 / ((n - 1) * (n - 2)) : 0);
  for (const [k, v] of score) score.set(k, v * scale);
  return score;
}

export function graphMetrics(nodes: number[], edges: [number, number][]): Metrics {
  const adj = adjacency(nodes, edges);
  const { component, count } = components(nodes, adj);
  return {
    degree: new Map([...adj].map(([n, list]) => [n, list.length])),
    component,
    componentCount: count,
    betweenness: betweenness(nodes, adj),
  };
}
