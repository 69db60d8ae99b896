import { gql } from './api';
import { byId, h } from './dom';
import { onLangChange, t, tEnum } from './i18n';
import { Named, nameOf } from './names';

export interface Filters {
  programme?: string;
  topic?: string;
  region?: string;
  status?: string;
  search?: string;
}

interface Options {
  programmes: (Named & { code: string })[];
  topics: (Named & { slug: string })[];
  regions: (Named & { code: string })[];
}

const STATUSES = ['GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'];

const FILTER_OPTIONS = `
  query FilterOptions($after: String) {
    programmes(first: 100) { edges { node { code nameFi nameSv nameEn } } }
    topics(first: 100, after: $after) {
      edges { node { slug nameFi nameSv nameEn } }
      pageInfo { hasNextPage endCursor }
    }
    regions { code nameFi nameSv nameEn }
  }`;

interface OptionsPage {
  programmes: { edges: { node: Options['programmes'][number] }[] };
  topics: {
    edges: { node: Options['topics'][number] }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  regions: Options['regions'];
}

let options: Options = { programmes: [], topics: [], regions: [] };

/** Programmes, every topic (a page of 100 at a time) and the regions, for the filter menus. */
export async function loadFilterOptions(): Promise<void> {
  let page = await gql<OptionsPage>(FILTER_OPTIONS);
  const topics = page.topics.edges.map((e) => e.node);
  // Topics are a taxonomy of tens; the bound only stops a runaway loop.
  for (let i = 0; i < 20 && page.topics.pageInfo.hasNextPage; i++) {
    page = await gql<OptionsPage>(FILTER_OPTIONS, { after: page.topics.pageInfo.endCursor });
    topics.push(...page.topics.edges.map((e) => e.node));
  }
  options = {
    programmes: page.programmes.edges.map((e) => e.node),
    topics,
    regions: page.regions,
  };
  renderOptions();
}

/** A topic's (by slug) or region's (by code) name in the chosen language; null when not loaded. */
export function optionName(kind: 'topic' | 'region', key: string): string | null {
  const found =
    kind === 'topic'
      ? options.topics.find((o) => o.slug === key)
      : options.regions.find((o) => o.code === key);
  return found ? nameOf(found) : null;
}

function fill(select: HTMLSelectElement, items: { value: string; label: string }[]): void {
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '' }, t('any')),
    ...items
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((i) => h('option', { value: i.value, selected: i.value === chosen }, i.label)),
  );
  select.value = items.some((i) => i.value === chosen) ? chosen : '';
}

function renderOptions(): void {
  fill(
    byId<HTMLSelectElement>('filter-programme'),
    options.programmes.map((p) => ({ value: p.code, label: nameOf(p) })),
  );
  fill(
    byId<HTMLSelectElement>('filter-topic'),
    options.topics.map((p) => ({ value: p.slug, label: nameOf(p) })),
  );
  fill(
    byId<HTMLSelectElement>('filter-region'),
    options.regions.map((p) => ({ value: p.code, label: nameOf(p) })),
  );
  fill(
    byId<HTMLSelectElement>('filter-status'),
    STATUSES.map((s) => ({ value: s, label: tEnum('status', s) })),
  );
}

export function currentFilters(): Filters {
  const value = (id: string) =>
    byId<HTMLInputElement | HTMLSelectElement>(id).value.trim() || undefined;
  return {
    programme: value('filter-programme'),
    topic: value('filter-topic'),
    region: value('filter-region'),
    status: value('filter-status'),
    search: value('filter-search'),
  };
}

/**
 * Calls `onNetwork` when a filter of the network changes (programme, topic, region) and
 * `onProjects` when one of the project list changes; typing in the search waits for a pause.
 */
export function watchFilters(onNetwork: () => void, onProjects: () => void): void {
  renderOptions();
  onLangChange(renderOptions);
  for (const id of ['filter-programme', 'filter-topic']) {
    byId(id).addEventListener('change', () => {
      onNetwork();
      onProjects();
    });
  }
  byId('filter-region').addEventListener('change', onNetwork);
  byId('filter-status').addEventListener('change', onProjects);
  let timer: number | undefined;
  byId('filter-search').addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(onProjects, 300);
  });
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(timer);
    onProjects();
  });
}
