import type Graph from 'graphology';
import type Sigma from 'sigma';
import { gql } from './api';
import { byId, h } from './dom';
import { Filters } from './filters';
import { formatNumber, onLangChange, t } from './i18n';
import { Named, nameOf } from './names';

/** The renderer's chunk (network-renderer.ts), asked for once, at the page's start. */
let renderer: Promise<typeof import('./network-renderer')> | null = null;
const loadRenderer = () => (renderer ??= import('./network-renderer'));

/** The API draws at most 5,000 nodes; a larger selection is BAD_USER_INPUT (narrow the filter). */
export const MAX_NODES = 5000;

const NETWORK = `
  query Network($programme: String, $topic: String, $region: String, $maxNodes: Int!) {
    network(programme: $programme, topic: $topic, region: $region, maxNodes: $maxNodes) {
      componentCount
      nodes { degree componentId organisation { id kind nameFi nameSv nameEn } }
      edgeEnds edgeWeights
    }
  }`;

type Org = Named & { id: string; kind: 'MUNICIPALITY' | 'JOINT_AUTHORITY' };

export interface NetworkData {
  network: {
    componentCount: number;
    nodes: { degree: number; componentId: number; organisation: Org }[];
    /** Edge i joins nodes[edgeEnds[2i]] and nodes[edgeEnds[2i + 1]]: a tenth of the JSON of edge objects. */
    edgeEnds: number[];
    edgeWeights: number[];
  };
}

const COLOURS = { MUNICIPALITY: '#1f6fb2', JOINT_AUTHORITY: '#d9822b' } as const;
const SELECTED = '#c8102e';
const EDGE_COLOUR = '#a9bccd';

export interface DrawResult {
  nodes: number;
  edges: number;
  components: number;
}

/** The drawn graph and its renderer, one at a time; a new filter replaces both. */
export class NetworkView {
  private graph: Graph | null = null;
  private sigma: Sigma | null = null;
  private selected: string | null = null;
  private stopLayout: (() => void) | null = null;
  private readonly container = byId('graph');

  constructor(private readonly onSelect: (id: string) => void) {
    // Fetched and compiled beside the network query, not after it.
    void loadRenderer();
    onLangChange(() => this.relabel());
    byId<HTMLSelectElement>('org-select').addEventListener('change', (e) => {
      const id = (e.target as HTMLSelectElement).value;
      if (id) this.onSelect(id);
    });
  }

  async load(filters: Filters): Promise<DrawResult> {
    return await this.draw(await this.fetch(filters));
  }

  /** The network of the filters, not drawn yet (the map draws the same answer too). */
  async fetch(filters: Filters): Promise<NetworkData> {
    performance.mark('kv-network-fetch-start');
    const data = await gql<NetworkData>(NETWORK, {
      programme: filters.programme ?? null,
      topic: filters.topic ?? null,
      region: filters.region ?? null,
      maxNodes: MAX_NODES,
    });
    performance.measure('kv-network-fetch', 'kv-network-fetch-start');
    return data;
  }

  async draw(data: NetworkData): Promise<DrawResult> {
    const { Graph, Sigma, layOut, refineInWorker, SYNC_LAYOUT_MAX_NODES } = await loadRenderer();
    const { nodes, edgeEnds, edgeWeights, componentCount } = data.network;
    const started = performance.now();
    const graph = new Graph({ type: 'undirected', multi: false });
    const scale = nodes.length > 1000 ? 0.6 : 1;
    for (const n of nodes) {
      graph.addNode(n.organisation.id, {
        label: nameOf(n.organisation),
        org: n.organisation,
        kind: n.organisation.kind,
        degree: n.degree,
        componentId: n.componentId,
        size: scale * Math.min(14, 3 + 2 * Math.sqrt(n.degree)),
        color: COLOURS[n.organisation.kind] ?? '#666',
        x: 0,
        y: 0,
      });
    }
    for (let i = 0; i < edgeWeights.length; i++) {
      const source = nodes[edgeEnds[2 * i]]?.organisation.id;
      const target = nodes[edgeEnds[2 * i + 1]]?.organisation.id;
      if (source === undefined || target === undefined || source === target) continue;
      // The API sends each pair once; addEdge skips mergeEdge's lookup of an existing edge.
      if (graph.hasEdge(source, target)) continue;
      graph.addEdge(source, target, {
        weight: edgeWeights[i],
        size: Math.min(4, 0.5 + edgeWeights[i] / 2),
        color: EDGE_COLOUR,
      });
    }
    layOut(graph);
    performance.measure('kv-layout', { start: started, end: performance.now() });

    this.stopLayout?.();
    this.stopLayout = null;
    this.sigma?.kill();
    this.graph = graph;
    this.selected = null;
    const empty = byId('graph-empty');
    empty.hidden = graph.order > 0;
    this.sigma = new Sigma(graph, this.container, {
      settings: {
        hideEdgesOnMove: graph.size > 5000,
        labelDensity: 0.5,
        labelRenderedSizeThreshold: 8,
      },
    });
    this.sigma.on('clickNode', ({ node }) => this.onSelect(node));
    this.sigma.on('enterNode', () => (this.container.style.cursor = 'pointer'));
    this.sigma.on('leaveNode', () => (this.container.style.cursor = ''));
    this.fillPicker();
    // Large networks settle in a worker (see layout.ts), started only once the first frame is
    // on screen and the page is interactive: its set-up copies the whole graph on this thread.
    if (graph.order > SYNC_LAYOUT_MAX_NODES) {
      let stop: (() => void) | null = null;
      const timer = setTimeout(() => {
        if (this.graph === graph) stop = refineInWorker(graph, 5000);
      }, 0);
      this.stopLayout = () => {
        clearTimeout(timer);
        stop?.();
      };
    }
    const result = { nodes: graph.order, edges: graph.size, components: componentCount };
    byId('network-summary').textContent = t('networkSummary', {
      nodes: formatNumber(result.nodes),
      edges: formatNumber(result.edges),
    });
    this.container.dataset.nodes = String(result.nodes);
    this.container.dataset.edges = String(result.edges);
    return result;
  }

  /** Marks the organisation in the drawing and in the picker; false when it is not drawn. */
  select(id: string, options: { focus?: boolean } = {}): boolean {
    const graph = this.graph;
    if (!graph) return false;
    if (this.selected && graph.hasNode(this.selected)) {
      const kind = graph.getNodeAttribute(this.selected, 'kind') as keyof typeof COLOURS;
      graph.mergeNodeAttributes(this.selected, {
        color: COLOURS[kind],
        size: graph.getNodeAttribute(this.selected, 'baseSize') as number,
      });
    }
    this.selected = graph.hasNode(id) ? id : null;
    byId<HTMLSelectElement>('org-select').value = this.selected ?? '';
    if (!this.selected) return false;
    const size = graph.getNodeAttribute(id, 'size') as number;
    graph.mergeNodeAttributes(id, { color: SELECTED, baseSize: size, size: size * 1.6 });
    if (options.focus && this.sigma) {
      const display = this.sigma.getNodeDisplayData(id);
      if (display)
        void this.sigma
          .getCamera()
          .animate({ x: display.x, y: display.y, ratio: 0.5 }, { duration: 300 });
    }
    return true;
  }

  /** Where a node is drawn, in page pixels (for tests and the benchmark). */
  nodePosition(id: string): { x: number; y: number } | null {
    if (!this.graph?.hasNode(id) || !this.sigma) return null;
    const attrs = this.graph.getNodeAttributes(id);
    const p = this.sigma.graphToViewport({ x: attrs.x as number, y: attrs.y as number });
    const rect = this.container.getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  }

  nodeIds(): string[] {
    return this.graph?.nodes() ?? [];
  }

  neighbours(id: string): string[] {
    return this.graph?.hasNode(id) ? this.graph.neighbors(id) : [];
  }

  labelOf(id: string): string | null {
    return this.graph?.hasNode(id) ? (this.graph.getNodeAttribute(id, 'label') as string) : null;
  }

  private relabel(): void {
    const graph = this.graph;
    if (!graph) return;
    graph.updateEachNodeAttributes((_, attrs) => ({ ...attrs, label: nameOf(attrs.org as Org) }));
    this.fillPicker();
    byId('network-summary').textContent = t('networkSummary', {
      nodes: formatNumber(graph.order),
      edges: formatNumber(graph.size),
    });
  }

  /** The keyboard way in: every drawn organisation, by name, in a native select. */
  private fillPicker(): void {
    const graph = this.graph;
    const select = byId<HTMLSelectElement>('org-select');
    if (!graph) return;
    // One collator for all comparisons: localeCompare builds one per call, slow at 5,000 names.
    const collator = new Intl.Collator(document.documentElement.lang || undefined);
    const items = graph
      .mapNodes((id, attrs) => ({ id, label: attrs.label as string }))
      .sort((a, b) => collator.compare(a.label, b.label));
    select.replaceChildren(
      h('option', { value: '' }, `${t('chooseOrganisation')}…`),
      ...items.map((i) => h('option', { value: i.id, selected: i.id === this.selected }, i.label)),
    );
  }
}
