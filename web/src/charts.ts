/**
 * Charts of the dashboard's figures (the `dashboard(programme)` query as it is), drawn as
 * plain SVG bars, each followed by its table: the same numbers for screen readers and for
 * copying. Labels of topics and regions come from the filter menus in the chosen language;
 * the API's English `name` is only the fallback.
 */
import { gql } from './api';
import { byId, h } from './dom';
import { showError } from './errors';
import { Filters, optionName } from './filters';
import { formatNumber, formatPercent, MessageKey, onLangChange, t, tEnum } from './i18n';
import { svg } from './svg';

const DASHBOARD = `
  query DashboardCharts($programme: String) {
    dashboard(programme: $programme) {
      projects {
        total withoutTopic participantsUnknown
        byTopic { key name count }
        byRegion { key name count }
      }
      participation {
        projectsWithKnownParticipants projectsWithUnknownParticipants
        participantsPerProject { participants projects }
        recordedParticipantsPerIncompleteProject { participants projects }
      }
      cooperation { pairsComputed similarPairs committedPairs coverage threshold }
      equity {
        complete
        total { ...Bucket }
        byRegion { ...Bucket }
        byLanguageStatus { ...Bucket }
        byPopulationClass { ...Bucket }
      }
    }
  }
  fragment Bucket on EquityBucket {
    key name municipalities reached notReached population populationCovered populationUnknown
  }`;

interface Count {
  key: string | null;
  name: string | null;
  count: number;
}
interface Bucket {
  key: string | null;
  name: string | null;
  municipalities: number;
  reached: number;
  notReached: number;
  population: number;
  populationCovered: number;
  populationUnknown: number;
}
export interface DashboardFigures {
  projects: {
    total: number;
    withoutTopic: number;
    participantsUnknown: number;
    byTopic: Count[];
    byRegion: Count[];
  } | null;
  participation: {
    projectsWithKnownParticipants: number;
    projectsWithUnknownParticipants: number;
    participantsPerProject: { participants: number; projects: number }[];
    recordedParticipantsPerIncompleteProject: { participants: number; projects: number }[];
  } | null;
  cooperation: {
    pairsComputed: boolean;
    similarPairs: number | null;
    committedPairs: number | null;
    coverage: number | null;
    threshold: number;
  } | null;
  equity: {
    complete: boolean;
    total: Bucket;
    byRegion: Bucket[];
    byLanguageStatus: Bucket[];
    byPopulationClass: Bucket[];
  } | null;
}

/** Population classes in numeric order, whatever order they arrive in. */
const POPULATION_CLASSES = [
  'UNDER_2000',
  '2000_4999',
  '5000_9999',
  '10000_19999',
  '20000_49999',
  '50000_99999',
  '100000_AND_OVER',
];

function populationClassLabel(key: string): string {
  if (key === 'UNDER_2000') return `< ${formatNumber(2000)}`;
  if (key === '100000_AND_OVER') return `≥ ${formatNumber(100000)}`;
  const [lo, hi] = key.split('_').map(Number);
  return Number.isFinite(lo) && Number.isFinite(hi)
    ? `${formatNumber(lo)}–${formatNumber(hi)}`
    : key;
}

interface Series {
  key: string;
  label: MessageKey;
}
interface Row {
  /** The API's key (null = unknown); the table row and the bars carry it as data-key. */
  key: string | null;
  label: string;
  values: number[];
  /** Extra table columns after the series (already formatted). */
  extra?: string[];
}
interface Chart {
  id: string;
  /** Already translated. */
  title: string;
  series: Series[];
  rows: Row[];
  /** The first column's heading in the table. */
  keyHeading: MessageKey;
  extraHeadings?: MessageKey[];
  note?: string;
}

const BAR_AREA = 360;
const LABEL_WIDTH = 250;
/** Longer labels are cut with an ellipsis in the drawing (in full in its tooltip and table). */
const LABEL_CHARS = 36;
const ROW_HEIGHT = 22;

/** A horizontal bar chart (series stacked) and its table, in a <figure data-chart>. */
function barChart(c: Chart): HTMLElement {
  const totals = c.rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const height = c.rows.length * ROW_HEIGHT + 4;
  const width = LABEL_WIDTH + BAR_AREA + 60;
  const bars = c.rows.map((row, i) => {
    const y = i * ROW_HEIGHT + 2;
    let x = LABEL_WIDTH;
    const parts = row.values.map((value, j) => {
      const w = (value / max) * BAR_AREA;
      const rect = svg('rect', {
        x: Math.round(x * 10) / 10,
        y,
        width: Math.round(w * 10) / 10,
        height: ROW_HEIGHT - 6,
        class: `bar series-${j}`,
        'data-key': row.key ?? '',
        'data-series': c.series[j].key,
        'data-value': value,
      });
      x += w;
      return rect;
    });
    return svg(
      'g',
      {},
      svg(
        'text',
        { x: LABEL_WIDTH - 6, y: y + ROW_HEIGHT / 2 + 1, 'text-anchor': 'end', class: 'label' },
        row.label.length > LABEL_CHARS ? `${row.label.slice(0, LABEL_CHARS - 1)}…` : row.label,
        svg('title', {}, row.label),
      ),
      ...parts,
      svg('text', { x: x + 4, y: y + ROW_HEIGHT / 2 + 1, class: 'value' }, formatNumber(totals[i])),
    );
  });
  const table = h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t(c.keyHeading)),
        ...c.series.map((s) => h('th', { scope: 'col' }, t(s.label))),
        ...(c.extraHeadings ?? []).map((k) => h('th', { scope: 'col' }, t(k))),
      ),
    ),
    h(
      'tbody',
      {},
      ...c.rows.map((row) =>
        h(
          'tr',
          { 'data-key': row.key ?? '' },
          h('th', { scope: 'row' }, row.label),
          ...row.values.map((v, j) =>
            h('td', { 'data-series': c.series[j].key, 'data-value': String(v) }, formatNumber(v)),
          ),
          ...(row.extra ?? []).map((e) => h('td', {}, e)),
        ),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart', 'data-chart': c.id },
    h('figcaption', {}, h('h3', {}, c.title)),
    c.series.length > 1
      ? h(
          'p',
          { class: 'chart-legend small', 'aria-hidden': 'true' },
          ...c.series.flatMap((s, j) => [
            h('span', { class: `swatch series-${j}` }),
            ` ${t(s.label)} `,
          ]),
        )
      : null,
    c.rows.length
      ? svg(
          'svg',
          { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', 'aria-hidden': 'true' },
          ...bars,
        )
      : h('p', { class: 'muted' }, t('none')),
    c.note ? h('p', { class: 'muted small' }, c.note) : null,
    h('details', {}, h('summary', {}, t('table')), table),
  );
}

const regionLabel = (key: string | null, name: string | null) =>
  key === null ? t('unknownKey') : (optionName('region', key) ?? name ?? key);

function equityRows(buckets: Bucket[], label: (key: string) => string): Row[] {
  return buckets.map((b) => ({
    key: b.key,
    label: b.key === null ? t('unknownKey') : label(b.key),
    values: [b.reached, b.notReached],
    extra: [b.population > 0 ? formatPercent(b.populationCovered / b.population) : t('notKnown')],
  }));
}

export class DashboardCharts {
  private data: DashboardFigures | null = null;
  private generation = 0;
  private readonly root = byId('charts-body');

  constructor() {
    onLangChange(() => this.render());
  }

  async load(filters: Filters): Promise<void> {
    const mine = ++this.generation;
    this.root.setAttribute('aria-busy', 'true');
    try {
      const d = await gql<{ dashboard: DashboardFigures }>(DASHBOARD, {
        programme: filters.programme ?? null,
      });
      if (mine !== this.generation) return;
      this.data = d.dashboard;
      this.root.dataset.programme = filters.programme ?? '';
      this.render();
    } catch (e) {
      if (mine === this.generation) showError(e);
    } finally {
      if (mine === this.generation) this.root.removeAttribute('aria-busy');
    }
  }

  /** Re-renders from the last answer (a language switch, the filter menus arriving). */
  render(): void {
    const d = this.data;
    if (!d) {
      this.root.replaceChildren(h('p', { class: 'muted' }, t('loading')));
      return;
    }
    const charts: HTMLElement[] = [];
    if (d.projects) {
      const topics: Row[] = d.projects.byTopic.map((c) => ({
        key: c.key,
        label: c.key === null ? t('unknownKey') : (optionName('topic', c.key) ?? c.name ?? c.key),
        values: [c.count],
      }));
      if (d.projects.withoutTopic > 0)
        topics.push({ key: null, label: t('withoutTopic'), values: [d.projects.withoutTopic] });
      charts.push(
        barChart({
          id: 'projects-by-topic',
          title: t('chartByTopic'),
          keyHeading: 'topic',
          series: [{ key: 'count', label: 'seriesProjects' }],
          rows: topics,
        }),
        barChart({
          id: 'projects-by-region',
          title: t('chartByRegion'),
          keyHeading: 'region',
          series: [{ key: 'count', label: 'seriesProjects' }],
          rows: d.projects.byRegion.map((c) => ({
            key: c.key,
            label: regionLabel(c.key, c.name),
            values: [c.count],
          })),
          note:
            d.projects.participantsUnknown > 0
              ? t('chartByRegionNote', { n: formatNumber(d.projects.participantsUnknown) })
              : undefined,
        }),
      );
    }
    if (d.participation) {
      const counts = new Map<number, [number, number]>();
      for (const b of d.participation.participantsPerProject)
        counts.set(b.participants, [b.projects, counts.get(b.participants)?.[1] ?? 0]);
      for (const b of d.participation.recordedParticipantsPerIncompleteProject)
        counts.set(b.participants, [counts.get(b.participants)?.[0] ?? 0, b.projects]);
      charts.push(
        barChart({
          id: 'participants-per-project',
          title: t('chartParticipants'),
          keyHeading: 'participantsCount',
          series: [
            { key: 'complete', label: 'seriesComplete' },
            { key: 'incomplete', label: 'seriesIncomplete' },
          ],
          rows: [...counts]
            .sort((a, b) => a[0] - b[0])
            .map(([n, values]) => ({ key: String(n), label: formatNumber(n), values })),
          note:
            d.participation.projectsWithUnknownParticipants > 0
              ? t('chartParticipantsNote')
              : undefined,
        }),
      );
    }
    if (d.cooperation) {
      const c = d.cooperation;
      const computed = c.pairsComputed && c.similarPairs !== null && c.committedPairs !== null;
      const chart = barChart({
        id: 'cooperation-coverage',
        title: t('chartCoverage'),
        keyHeading: 'similarPairs',
        series: [
          { key: 'committed', label: 'seriesCommitted' },
          { key: 'uncommitted', label: 'seriesUncommitted' },
        ],
        extraHeadings: ['coverageShare'],
        rows: computed
          ? [
              {
                key: 'pairs',
                label: t('similarPairs'),
                values: [c.committedPairs!, c.similarPairs! - c.committedPairs!],
                extra: [c.coverage === null ? t('notKnown') : formatPercent(c.coverage)],
              },
            ]
          : [],
        note: computed
          ? `${t('coverageShare')} ${c.coverage === null ? t('notKnown') : formatPercent(c.coverage)}. ${t('chartCoverageNote', { threshold: c.threshold })}`
          : t('coverageNotComputed'),
      });
      chart.dataset.coverage = c.coverage === null ? '' : String(c.coverage);
      charts.push(chart);
    }
    if (d.equity) {
      const e = d.equity;
      const series: Series[] = [
        { key: 'reached', label: 'stateReached' },
        // With incomplete lists "not reached" is only "not recorded" (the API's complete: false).
        { key: 'notReached', label: e.complete ? 'stateNotReached' : 'stateNotRecorded' },
      ];
      const total = e.total;
      const share =
        total.population > 0 ? formatPercent(total.populationCovered / total.population) : '–';
      const sub = (id: string, title: MessageKey, rows: Row[], keyHeading: MessageKey) =>
        barChart({
          id,
          title: t(title),
          keyHeading,
          series,
          rows,
          extraHeadings: ['populationCovered'],
        });
      const byClass = [...e.byPopulationClass].sort(
        (a, b) =>
          (a.key === null ? 99 : POPULATION_CLASSES.indexOf(a.key)) -
          (b.key === null ? 99 : POPULATION_CLASSES.indexOf(b.key)),
      );
      charts.push(
        h(
          'section',
          {
            class: 'chart-group',
            'data-chart': 'equity',
            'data-complete': String(e.complete),
          },
          h('h3', {}, t('chartEquity')),
          h(
            'p',
            { 'data-equity-total': `${total.reached}/${total.municipalities}` },
            t('equityTotal', {
              reached: formatNumber(total.reached),
              municipalities: formatNumber(total.municipalities),
              share,
            }),
          ),
          e.complete ? null : h('p', { class: 'muted small' }, t('chartEquityNote')),
          h(
            'div',
            { class: 'chart-row' },
            sub(
              'equity-by-region',
              'equityByRegion',
              equityRows(e.byRegion, (k) => regionLabel(k, null)),
              'region',
            ),
            sub(
              'equity-by-language',
              'equityByLanguage',
              equityRows(e.byLanguageStatus, (k) => tEnum('language', k)),
              'equityByLanguage',
            ),
            sub(
              'equity-by-population',
              'equityByPopulation',
              equityRows(byClass, populationClassLabel),
              'equityByPopulation',
            ),
          ),
        ),
      );
    }
    this.root.replaceChildren(...charts);
    this.root.dataset.loaded = 'true';
  }
}
