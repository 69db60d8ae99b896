import { gql } from './api';
import { byId, h } from './dom';
import { showError } from './errors';
import { Filters } from './filters';
import { formatNumber, onLangChange, t, tEnum } from './i18n';
import { Named, nameOf, Titled, titleOf } from './names';

/** Rows per page; the API allows at most 100. */
const PAGE_SIZE = 20;

const PROJECTS = `
  query Projects($first: Int!, $after: String, $filter: ProjectFilter) {
    projects(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id titleFi titleSv titleEn status grantEur grantKnown grantIsMaximum participantsKnown
        programme { code nameFi nameSv nameEn }
        lead { organisation { id nameFi nameSv nameEn } }
        topics { slug nameFi nameSv nameEn }
      } }
    }
  }`;

interface ProjectRow extends Titled {
  id: string;
  status: string;
  grantEur: number | null;
  grantKnown: boolean;
  grantIsMaximum: boolean;
  participantsKnown: boolean;
  programme: Named & { code: string };
  lead: { organisation: Named & { id: string } } | null;
  topics: (Named & { slug: string })[];
}

interface ProjectsPage {
  projects: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ProjectRow }[];
  };
}

let rows: ProjectRow[] = [];
let total: number | null = null;
let endCursor: string | null = null;
let hasNext = false;
let filter: Record<string, string> = {};
/** Answers to an older filter are dropped when a newer request was sent meanwhile. */
let generation = 0;

function toProjectFilter(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.programme) out.programme = f.programme;
  if (f.topic) out.topic = f.topic;
  if (f.status) out.status = f.status;
  if (f.search) out.search = f.search;
  return out;
}

async function fetchPage(after: string | null): Promise<void> {
  const mine = ++generation;
  const list = byId('projects');
  list.setAttribute('aria-busy', 'true');
  try {
    const d = await gql<ProjectsPage>(PROJECTS, {
      first: PAGE_SIZE,
      after,
      filter: Object.keys(filter).length ? filter : null,
    });
    if (mine !== generation) return;
    rows = after
      ? [...rows, ...d.projects.edges.map((e) => e.node)]
      : d.projects.edges.map((e) => e.node);
    total = d.projects.totalCount;
    endCursor = d.projects.pageInfo.endCursor;
    hasNext = d.projects.pageInfo.hasNextPage;
    render();
  } catch (e) {
    if (mine === generation) showError(e);
  } finally {
    if (mine === generation) list.removeAttribute('aria-busy');
  }
}

/** Starts the list again from the first page with these filters. */
export function loadProjects(f: Filters): Promise<void> {
  filter = toProjectFilter(f);
  return fetchPage(null);
}

function formatEur(n: number): string {
  return `${formatNumber(Math.round(n))} €`;
}

function renderRow(p: ProjectRow): HTMLElement {
  const grant =
    p.grantKnown && p.grantEur !== null
      ? `${p.grantIsMaximum ? `${t('atMost')} ` : ''}${formatEur(p.grantEur)}`
      : t('notKnown');
  return h(
    'li',
    { class: 'project', 'data-id': p.id },
    h('h3', {}, titleOf(p)),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `status status-${p.status.toLowerCase()}` }, tEnum('status', p.status)),
      ' · ',
      nameOf(p.programme),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('lead')),
      h('dd', {}, p.lead ? nameOf(p.lead.organisation) : t('notKnown')),
      h('dt', {}, t('grant')),
      h('dd', {}, grant),
    ),
    p.topics.length ? h('p', { class: 'topics' }, p.topics.map(nameOf).join(', ')) : null,
    p.participantsKnown ? null : h('p', { class: 'muted small' }, t('participantsPartial')),
  );
}

function render(): void {
  byId('projects-count').textContent =
    total === null ? t('loading') : t('projectCount', { n: formatNumber(total) });
  const list = byId('projects');
  list.replaceChildren(...rows.map(renderRow));
  if (total === 0) list.append(h('li', { class: 'muted' }, t('noProjects')));
  const more = byId<HTMLButtonElement>('projects-more');
  more.hidden = !hasNext;
}

export function initProjectsList(): void {
  byId('projects-more').addEventListener('click', () => void fetchPage(endCursor));
  onLangChange(render);
}
