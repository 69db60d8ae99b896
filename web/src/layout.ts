import type Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Above this many nodes ForceAtlas2 runs in a worker after the first draw (see refineInWorker). */
export const SYNC_LAYOUT_MAX_NODES = 2000;

/**
 * Lays the network out in two steps, both bounded:
 *
 * 1. a deterministic start: each connected component (the API numbers them largest first)
 *    gets a disc on a sunflower spiral, its best-connected organisations in the middle, so
 *    the start already shows the structure and the same data always gives the same picture;
 * 2. up to SYNC_LAYOUT_MAX_NODES nodes, ForceAtlas2 for a number of iterations that shrinks
 *    with the graph's size, which pulls partners together and pushes the rest apart. Larger
 *    networks are drawn from the start alone and refined afterwards in a worker, so the
 *    page is interactive without waiting for the layout.
 *
 * Returns the number of ForceAtlas2 iterations run here.
 */
export function layOut(graph: Graph): number {
  const byComponent = new Map<number, string[]>();
  graph.forEachNode((node, attrs) => {
    const c = attrs.componentId as number;
    const list = byComponent.get(c);
    if (list) list.push(node);
    else byComponent.set(c, [node]);
  });
  const components = [...byComponent.entries()].sort(
    (a, b) => b[1].length - a[1].length || a[0] - b[0],
  );
  let placed = 0;
  components.forEach(([, nodes], i) => {
    nodes.sort(
      (a, b) =>
        (graph.getNodeAttribute(b, 'degree') as number) -
          (graph.getNodeAttribute(a, 'degree') as number) || a.localeCompare(b),
    );
    const radius = Math.sqrt(nodes.length);
    const distance = i === 0 ? 0 : Math.sqrt(placed) + radius + 1;
    const cx = distance * Math.cos(i * GOLDEN_ANGLE);
    const cy = distance * Math.sin(i * GOLDEN_ANGLE);
    nodes.forEach((node, j) => {
      const r = Math.sqrt(j + 0.5);
      graph.mergeNodeAttributes(node, {
        x: cx + r * Math.cos(j * GOLDEN_ANGLE),
        y: cy + r * Math.sin(j * GOLDEN_ANGLE),
      });
    });
    placed += (radius + 1) ** 2 * 4;
  });
  const iterations = graph.order <= SYNC_LAYOUT_MAX_NODES ? iterationsFor(graph.order) : 0;
  if (iterations > 0 && graph.size > 0) {
    forceAtlas2.assign(graph, {
      iterations,
      getEdgeWeight: 'weight',
      // Small networks also keep nodes from overlapping, so every one can be clicked;
      // at thousands of nodes that costs too much and Barnes–Hut does not support it.
      settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: true },
    });
  }
  return iterations;
}

/** About 300 iterations for small networks, down to 40 at 5,000 nodes. */
export function iterationsFor(order: number): number {
  if (order <= 1) return 0;
  return Math.max(40, Math.min(300, Math.round(200_000 / order)));
}

/**
 * ForceAtlas2 (Barnes–Hut) in a web worker for a bounded time: the drawing settles while the
 * page stays responsive. Returns a function that stops it early (a new filter, a new graph).
 */
export function refineInWorker(graph: Graph, milliseconds: number): () => void {
  const layout = new FA2Layout(graph, {
    getEdgeWeight: 'weight',
    settings: forceAtlas2.inferSettings(graph),
  });
  layout.start();
  const timer = setTimeout(() => layout.kill(), milliseconds);
  return () => {
    clearTimeout(timer);
    layout.kill();
  };
}
