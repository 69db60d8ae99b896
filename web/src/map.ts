/**
 * The map of Finland: every municipality at its administrative centre (data/municipality-
 * centres.csv, projected at build time into `virtual:finland-map`), sized by population and
 * coloured by whether it takes part in the projects of the programme and topic chosen. The
 * partner links of the same network can be drawn between the centres: a second layout of
 * the network view, with geography instead of forces.
 */
import finland from 'virtual:finland-map';
import { gql } from './api';
import { byId, h } from './dom';
import { showError } from './errors';
import { Filters } from './filters';
import { formatNumber, MessageKey, onLangChange, t } from './i18n';
import { Named, nameOf } from './names';
import { svg } from './svg';

/**
 * reached: recorded in a project in scope. not-reached: not recorded, and every project in
 * scope has a complete participant list. unknown: not recorded, but some list is incomplete,
 * so it may well take part (the dashboard's "not recorded as reached").
 */
export type MapState = 'reached' | 'not-reached' | 'unknown';
const STATES: [MapState, MessageKey][] = [
  ['reached', 'stateReached'],
  ['not-reached', 'stateNotReached'],
  ['unknown', 'stateUnknown'],
];

/** What the map needs of a `network` answer (the network view's answer has all of it). */
export interface MapNetwork {
  nodes: { organisation: { id: string; kind: string } }[];
  edgeEnds: number[];
  edgeWeights: number[];
}

interface Municipality extends Named {
  id: string;
  code: string;
  population2019: number | null;
}

const MUNICIPALITY_FIELDS = `
  fragment MapMunicipality on MunicipalityConnection {
    pageInfo { hasNextPage endCursor }
    edges { node { id code nameFi nameSv nameEn population2019 } }
  }`;

/**
 * Every region's municipalities in one request (an alias each; the largest region has 30,
 * a page holds 100), rather than four pages one after another.
 */
const MUNICIPALITIES_BY_REGION = `
  query MapMunicipalities {
    ${finland.regions
      .map(
        (r) =>
          `r${r}: municipalities(first: 100, filter: { regionCode: "${r}" }) { ...MapMunicipality }`,
      )
      .join('\n    ')}
  }
  ${MUNICIPALITY_FIELDS}`;

/** A region's further pages, should one ever hold more than 100 municipalities. */
const MUNICIPALITIES_OF_REGION = `
  query MapRegionMunicipalities($region: String!, $after: String) {
    municipalities(first: 100, after: $after, filter: { regionCode: $region }) { ...MapMunicipality }
  }
  ${MUNICIPALITY_FIELDS}`;

interface MunicipalityPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Municipality }[];
}

/** The network view's query without the region: the map always shows the whole country. */
const MAP_NETWORK = `
  query MapNetwork($programme: String, $topic: String, $maxNodes: Int!) {
    network(programme: $programme, topic: $topic, maxNodes: $maxNodes) {
      nodes { organisation { id kind } } edgeEnds edgeWeights
    }
  }`;

/** Without a topic the dashboard counts the incomplete lists of a programme (or all) in one figure. */
const PROGRAMME_COMPLETENESS = `
  query MapCompleteness($programme: String) {
    dashboard(programme: $programme) { participation { projectsWithUnknownParticipants } }
  }`;

const TOPIC_COMPLETENESS = `
  query MapTopicCompleteness($filter: ProjectFilter, $after: String) {
    projects(first: 100, after: $after, filter: $filter) {
      pageInfo { hasNextPage endCursor }
      edges { node { participantsKnown } }
    }
  }`;

/** Pages read to judge a topic's lists; past that the answer is "cannot tell", shown as unknown. */
const MAX_COMPLETENESS_PAGES = 10;
const MAX_NODES = 5000;
/** Codes of the 2020 division are three digits; synthetic organisations sort after them. */
const REAL_CODE = /^\d{3}$/;

/** Radius in map units (the map is 1,000 high): area grows with the population. */
export const radiusOf = (population: number | null): number =>
  population === null ? 3 : 3 + Math.sqrt(population) / 45;

export class FinlandMapView {
  private municipalities: Municipality[] = [];
  private readonly circles = new Map<string, SVGCircleElement>();
  private readonly states = new Map<string, MapState>();
  private links: [string, string, number][] = [];
  private selected: string | null = null;
  private generation = 0;
  private ready: Promise<unknown> = Promise.resolve();
  private readonly root: SVGSVGElement;
  private readonly linkLayer: SVGGElement;
  private readonly dotLayer: SVGGElement;

  constructor(private readonly onSelect: (id: string) => void) {
    this.linkLayer = svg('g', { class: 'map-links' });
    this.dotLayer = svg('g', { class: 'map-dots' });
    this.root = svg(
      'svg',
      {
        viewBox: `0 0 ${finland.width} ${finland.height}`,
        class: 'map-svg',
        role: 'img',
        'data-i18n-label': 'mapLabel',
        'aria-label': t('mapLabel'),
      },
      svg('path', { class: 'map-outline', d: finland.outline }),
      this.dotLayer,
      // Over the dots, or partners a few kilometres apart would hide their link; clicks pass
      // through to the dots (pointer-events: none in style.css).
      this.linkLayer,
    );
    byId('map-canvas').append(this.root);
    this.root.addEventListener('click', (e) => {
      const dot = (e.target as Element).closest('circle[data-id]');
      const id = dot?.getAttribute('data-id');
      if (id) this.onSelect(id);
    });
    byId<HTMLSelectElement>('map-select').addEventListener('change', (e) => {
      const id = (e.target as HTMLSelectElement).value;
      if (id) this.onSelect(id);
    });
    byId<HTMLInputElement>('map-links-toggle').addEventListener('change', () => this.drawLinks());
    onLangChange(() => this.relabel());
    this.renderSizeLegend();
  }

  /** The municipalities of the 2020 division with a centre, a page of 100 at a time. */
  loadMunicipalities(): Promise<number> {
    const loading = this.fetchMunicipalities();
    this.ready = loading;
    return loading;
  }

  private async fetchMunicipalities(): Promise<number> {
    const found: Municipality[] = [];
    const first = await gql<Record<string, MunicipalityPage>>(MUNICIPALITIES_BY_REGION);
    for (const region of finland.regions) {
      let page = first[`r${region}`];
      // Synthetic organisations sort after the real codes; the bound stops a runaway loop.
      for (let i = 0; i < 10; i++) {
        const nodes = page.edges.map((e) => e.node);
        found.push(...nodes.filter((m) => REAL_CODE.test(m.code) && finland.centres[m.code]));
        const last = nodes[nodes.length - 1];
        if (!page.pageInfo.hasNextPage || !last || !REAL_CODE.test(last.code)) break;
        page = (
          await gql<{ municipalities: MunicipalityPage }>(MUNICIPALITIES_OF_REGION, {
            region,
            after: page.pageInfo.endCursor,
          })
        ).municipalities;
      }
    }
    this.municipalities = found;
    this.drawDots();
    return found.length;
  }

  /**
   * Recolours for the programme and topic of `filters`. `shared` is the network view's
   * answer when it was asked without a region (the same network; null when that query
   * failed, which the network view reports); otherwise the map asks for it.
   */
  async update(filters: Filters, shared: Promise<MapNetwork | null> | null): Promise<void> {
    const mine = ++this.generation;
    this.root.setAttribute('aria-busy', 'true');
    try {
      const [network, complete] = await Promise.all([
        shared ??
          gql<{ network: MapNetwork }>(MAP_NETWORK, {
            programme: filters.programme ?? null,
            topic: filters.topic ?? null,
            maxNodes: MAX_NODES,
          }).then((d) => d.network),
        listsComplete(filters),
        this.ready,
      ]);
      if (mine !== this.generation) return;
      this.show(network, network !== null && complete);
      performance.mark('kv-map-drawn');
    } catch (e) {
      if (mine !== this.generation) return;
      // Nothing is known of this selection: every municipality is shown as unknown.
      this.show(null, false);
      showError(e);
    } finally {
      if (mine === this.generation) this.root.removeAttribute('aria-busy');
    }
  }

  select(id: string): void {
    if (this.selected) this.circles.get(this.selected)?.classList.remove('selected');
    const dot = this.circles.get(id);
    this.selected = dot ? id : null;
    byId<HTMLSelectElement>('map-select').value = this.selected ?? '';
    if (!dot) return;
    dot.classList.add('selected');
    // Drawn last, so that the mark is not hidden under a larger neighbour.
    this.dotLayer.append(dot);
  }

  clearSelection(): void {
    if (this.selected) this.circles.get(this.selected)?.classList.remove('selected');
    this.selected = null;
    byId<HTMLSelectElement>('map-select').value = '';
  }

  count(): number {
    return this.circles.size;
  }

  private show(network: MapNetwork | null, complete: boolean): void {
    const reached = new Set(
      (network?.nodes ?? [])
        .filter((n) => n.organisation.kind === 'MUNICIPALITY')
        .map((n) => n.organisation.id),
    );
    const absent: MapState = complete ? 'not-reached' : 'unknown';
    for (const m of this.municipalities)
      this.states.set(m.id, reached.has(m.id) ? 'reached' : absent);
    this.links = [];
    if (network) {
      const ids = network.nodes.map((n) => n.organisation.id);
      for (let i = 0; i < network.edgeWeights.length; i++) {
        const a = ids[network.edgeEnds[2 * i]];
        const b = ids[network.edgeEnds[2 * i + 1]];
        if (a && b && this.circles.has(a) && this.circles.has(b))
          this.links.push([a, b, network.edgeWeights[i]]);
      }
    }
    this.recolour();
    this.drawLinks();
  }

  private drawDots(): void {
    // Largest first, so that small municipalities lie on top and can be clicked.
    const ordered = [...this.municipalities].sort(
      (a, b) => (b.population2019 ?? -1) - (a.population2019 ?? -1) || a.code.localeCompare(b.code),
    );
    this.circles.clear();
    this.dotLayer.replaceChildren(
      ...ordered.map((m) => {
        const [x, y] = finland.centres[m.code];
        const dot = svg('circle', {
          cx: x,
          cy: y,
          r: Math.round(radiusOf(m.population2019) * 10) / 10,
          class: `dot ${this.states.get(m.id) ?? 'unknown'}${m.population2019 === null ? ' no-population' : ''}`,
          'data-id': m.id,
          'data-code': m.code,
          'data-state': this.states.get(m.id) ?? 'unknown',
        });
        dot.append(svg('title'));
        this.circles.set(m.id, dot);
        return dot;
      }),
    );
    byId('map-canvas').dataset.municipalities = String(this.circles.size);
    this.relabel();
  }

  private recolour(): void {
    for (const [id, dot] of this.circles) {
      const state = this.states.get(id) ?? 'unknown';
      dot.dataset.state = state;
      dot.classList.remove('reached', 'not-reached', 'unknown');
      dot.classList.add(state);
    }
    this.relabel();
  }

  private drawLinks(): void {
    const show = byId<HTMLInputElement>('map-links-toggle').checked;
    const centre = (id: string) => {
      const dot = this.circles.get(id)!;
      return [dot.getAttribute('cx'), dot.getAttribute('cy')];
    };
    this.linkLayer.replaceChildren(
      ...(show
        ? this.links.map(([a, b, weight]) => {
            const [x1, y1] = centre(a);
            const [x2, y2] = centre(b);
            return svg('line', {
              x1: x1 ?? 0,
              y1: y1 ?? 0,
              x2: x2 ?? 0,
              y2: y2 ?? 0,
              'stroke-width': Math.min(6, 1.5 + weight),
              'data-ends': `${a} ${b}`,
            });
          })
        : []),
    );
    byId('map-links-count').textContent = t('mapLinksNote', {
      n: formatNumber(this.links.length),
    });
    byId('map-canvas').dataset.links = String(show ? this.links.length : 0);
  }

  private relabel(): void {
    const byId_ = new Map(this.municipalities.map((m) => [m.id, m]));
    const stateLabel = new Map(STATES.map(([s, key]) => [s, t(key)]));
    for (const [id, dot] of this.circles) {
      const m = byId_.get(id)!;
      const population =
        m.population2019 === null
          ? t('populationNotKnown')
          : t('inhabitants', { n: formatNumber(m.population2019) });
      const state = stateLabel.get(this.states.get(id) ?? 'unknown');
      dot.firstElementChild!.textContent = `${nameOf(m)}: ${population}, ${state}`;
    }
    this.root.setAttribute('aria-label', t('mapLabel'));
    const counts = new Map<MapState, number>();
    for (const id of this.circles.keys()) {
      const s = this.states.get(id) ?? 'unknown';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    byId('map-legend').replaceChildren(
      ...STATES.map(([state, key]) =>
        h(
          'li',
          { 'data-state': state },
          h('span', { class: `swatch ${state}`, 'aria-hidden': 'true' }),
          ` ${t(key)} `,
          h('strong', { class: 'count' }, formatNumber(counts.get(state) ?? 0)),
        ),
      ),
    );
    // The keyboard way in: every municipality on the map, by name.
    const collator = new Intl.Collator(document.documentElement.lang || undefined);
    const picker = byId<HTMLSelectElement>('map-select');
    picker.replaceChildren(
      h('option', { value: '' }, `${t('chooseMunicipality')}…`),
      ...this.municipalities
        .map((m) => ({ id: m.id, label: nameOf(m) }))
        .sort((a, b) => collator.compare(a.label, b.label))
        .map((m) => h('option', { value: m.id, selected: m.id === this.selected }, m.label)),
    );
  }

  private renderSizeLegend(): void {
    const samples = [1_000, 10_000, 100_000, 500_000];
    const rs = samples.map(radiusOf);
    const height = 2 * rs[rs.length - 1] + 4;
    let x = 2;
    const items: SVGElement[] = [];
    samples.forEach((n, i) => {
      x += Math.max(rs[i], 30);
      items.push(
        svg('circle', { cx: x, cy: height - rs[i] - 2, r: rs[i], class: 'dot sample' }),
        svg('text', { x, y: height + 14, 'text-anchor': 'middle' }, formatNumber(n)),
      );
      // Room for the label under each circle, however small the circle.
      x += Math.max(rs[i], 30) + 12;
    });
    const legend = svg(
      'svg',
      { viewBox: `0 0 ${x} ${height + 18}`, class: 'size-legend', 'aria-hidden': 'true' },
      ...items,
    );
    byId('map-size-legend').replaceChildren(legend);
    onLangChange(() => this.renderSizeLegendLabels(legend, samples));
  }

  private renderSizeLegendLabels(legend: SVGSVGElement, samples: number[]): void {
    legend.querySelectorAll('text').forEach((el, i) => (el.textContent = formatNumber(samples[i])));
  }
}

/** True when every project in scope has a complete participant list. */
async function listsComplete(filters: Filters): Promise<boolean> {
  if (!filters.topic) {
    const d = await gql<{
      dashboard: { participation: { projectsWithUnknownParticipants: number } | null };
    }>(PROGRAMME_COMPLETENESS, { programme: filters.programme ?? null });
    return d.dashboard.participation?.projectsWithUnknownParticipants === 0;
  }
  const filter: Record<string, string> = { topic: filters.topic };
  if (filters.programme) filter.programme = filters.programme;
  let after: string | null = null;
  for (let i = 0; i < MAX_COMPLETENESS_PAGES; i++) {
    const d: {
      projects: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { participantsKnown: boolean } }[];
      };
    } = await gql(TOPIC_COMPLETENESS, { filter, after });
    if (d.projects.edges.some((e) => !e.node.participantsKnown)) return false;
    if (!d.projects.pageInfo.hasNextPage) return true;
    after = d.projects.pageInfo.endCursor;
  }
  return false;
}
