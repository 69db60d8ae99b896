/**
 * Metrics of a network that has already been selected for drawing (at most
 * a few thousand nodes): degree, connected components and betweenness.
 * Pure functions over edge lists, so they are unit-tested on small graphs.
 *
 * The graph is held as integer arrays (nodes by position in id order, neighbours
 * in one array): at 5,000 nodes and 100,000 edges, maps of arrays made the
 * betweenness pass take seconds.
 */

export interface Metrics {
  degree: Map<number, number>;
  component: Map<number, number>;
  componentCount: number;
  betweenness: Map<number, number>;
}

/** Degree and components up front; betweenness, the costly one, on first call (then kept). */
export interface LazyMetrics extends Omit<Metrics, 'betweenness'> {
  betweenness: () => Map<number, number>;
}

/** Exact betweenness up to this many nodes; above it, Brandes from SAMPLE_SOURCES evenly spaced sources. */
export const EXACT_BETWEENNESS_LIMIT = 500;
export const SAMPLE_SOURCES = 200;

/** Distinct node ids ascending; node i's neighbours are adj[start[i]..start[i + 1]), ascending. */
interface Csr {
  ids: number[];
  start: Int32Array;
  adj: Int32Array;
}

function csr(nodes: number[], edges: [number, number][]): Csr {
  const ids = [...new Set(nodes)].sort((x, y) => x - y);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const count = new Int32Array(n + 1);
  const pairs: number[] = [];
  for (const [a, b] of edges) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    pairs.push(i, j);
    count[i]++;
    count[j]++;
  }
  const raw = new Int32Array(pairs.length);
  const fill = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) fill[i + 1] = fill[i] + count[i];
  const offset = fill.slice();
  for (let k = 0; k < pairs.length; k += 2) {
    raw[offset[pairs[k]]++] = pairs[k + 1];
    raw[offset[pairs[k + 1]]++] = pairs[k];
  }
  // Sort each node's neighbours and drop repeated edges.
  const start = new Int32Array(n + 1);
  const adj = new Int32Array(pairs.length);
  let out = 0;
  for (let i = 0; i < n; i++) {
    start[i] = out;
    const list = raw.subarray(fill[i], fill[i + 1]).sort();
    for (let k = 0; k < list.length; k++)
      if (k === 0 || list[k] !== list[k - 1]) adj[out++] = list[k];
  }
  start[n] = out;
  return { ids, start, adj: adj.subarray(0, out) };
}

/** Components numbered 0.. by size, largest first (ties: smallest node id first). */
function components(g: Csr): { component: Map<number, number>; count: number } {
  const n = g.ids.length;
  const seen = new Uint8Array(n);
  const groups: number[][] = [];
  // Starts go up in id order, so each group's start is its smallest node.
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const group: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      group.push(v);
      for (let k = g.start[v]; k < g.start[v + 1]; k++) {
        const w = g.adj[k];
        if (seen[w]) continue;
        seen[w] = 1;
        stack.push(w);
      }
    }
    groups.push(group);
  }
  const order = groups
    .map((group, i) => ({ group, first: i }))
    .sort((a, b) => b.group.length - a.group.length || a.first - b.first);
  const component = new Map<number, number>();
  order.forEach(({ group }, c) => group.forEach((v) => component.set(g.ids[v], c)));
  return { component, count: groups.length };
}

/**
 * Brandes' algorithm on the unweighted, undirected graph, normalised by
 * (n − 1)(n − 2) / 2 so scores lie in 0–1. With more than
 * EXACT_BETWEENNESS_LIMIT nodes, it runs from SAMPLE_SOURCES sources spread
 * evenly over the node ids and scales up (Brandes & Pich's estimate).
 */
function betweenness(g: Csr): Map<number, number> {
  const n = g.ids.length;
  const score = new Float64Array(n);
  const sources =
    n <= EXACT_BETWEENNESS_LIMIT
      ? Array.from({ length: n }, (_, i) => i)
      : Array.from({ length: SAMPLE_SOURCES }, (_, i) => Math.floor((i * n) / SAMPLE_SOURCES));
  const dist = new Int32Array(n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const queue = new Int32Array(n);
  for (const s of sources) {
    dist.fill(-1);
    sigma.fill(0);
    delta.fill(0);
    dist[s] = 0;
    sigma[s] = 1;
    queue[0] = s;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head];
      for (let k = g.start[v]; k < g.start[v + 1]; k++) {
        const w = g.adj[k];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue[tail++] = w;
        }
        if (dist[w] === dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    // The queue in reverse is the order of non-increasing distance; a node's predecessors
    // are its neighbours one step nearer the source.
    for (let i = tail - 1; i >= 0; i--) {
      const w = queue[i];
      for (let k = g.start[w]; k < g.start[w + 1]; k++) {
        const v = g.adj[k];
        if (dist[v] === dist[w] - 1) delta[v] += (sigma[v] / sigma[w]) * (1 + delta[w]);
      }
      if (w !== s) score[w] += delta[w];
    }
  }
  // Each pair is counted from both ends in an undirected graph: halve, then normalise.
  const scale = (n / sources.length) * 0.5 * (n > 2 ? 2 / ((n - 1) * (n - 2)) : 0);
  return new Map(g.ids.map((id, i) => [id, score[i] * scale]));
}

/** Degree and components now; betweenness only if someone asks for it. */
export function lazyGraphMetrics(nodes: number[], edges: [number, number][]): LazyMetrics {
  const g = csr(nodes, edges);
  const { component, count } = components(g);
  let between: Map<number, number> | undefined;
  return {
    degree: new Map(g.ids.map((id, i) => [id, g.start[i + 1] - g.start[i]])),
    component,
    componentCount: count,
    betweenness: () => (between ??= betweenness(g)),
  };
}

export function graphMetrics(nodes: number[], edges: [number, number][]): Metrics {
  const lazy = lazyGraphMetrics(nodes, edges);
  return { ...lazy, betweenness: lazy.betweenness() };
}
