import { gql } from './api';
import { byId, h } from './dom';
import { showError } from './errors';
import { formatNumber, onLangChange, t, tEnum } from './i18n';
import { Named, nameOf, Titled, titleOf } from './names';

/** Partners and partners of partners listed at most (one page of the API). */
const REACH_PAGE = 100;
const RECOMMENDATIONS = 10;

const ORGANISATION = `
  query OrganisationPanel($id: ID!, $reach: Int!, $recommendations: Int!) {
    node(id: $id) {
      id
      ... on Organisation {
        kind nameFi nameSv nameEn participationCount
        participations(first: 100) {
          role
          project { id titleFi titleSv titleEn status programme { code } }
        }
      }
      ... on Municipality { code region { nameFi nameSv nameEn } }
    }
    partnersOfPartners(organisation: $id, maxDepth: 2, first: $reach, examplePaths: 0) {
      totalCount
      edges { node { distance shortestPathCount organisation { id nameFi nameSv nameEn } } }
    }
    recommendedPartners(organisation: $id, first: $recommendations) {
      score
      organisation { id nameFi nameSv nameEn }
      reasons { distance sameRegion sameLanguage sharedTopics { slug nameFi nameSv nameEn } }
    }
  }`;

type OrgRef = Named & { id: string };

interface PanelData {
  node: Named & {
    id: string;
    kind: string;
    participationCount: number;
    participations: { role: string; project: Titled & { id: string; status: string } }[];
    code?: string;
    region?: Named;
  };
  partnersOfPartners: {
    totalCount: number;
    edges: { node: { distance: number; shortestPathCount: number; organisation: OrgRef } }[];
  };
  recommendedPartners: {
    score: number;
    organisation: OrgRef;
    reasons: {
      distance: number | null;
      sameRegion: boolean;
      sameLanguage: boolean;
      sharedTopics: (Named & { slug: string })[];
    };
  }[];
}

/** The side panel of one organisation: its projects, partners, partners of partners and recommendations. */
export class OrganisationPanel {
  private data: PanelData | null = null;
  private generation = 0;
  private readonly root = byId('panel');

  constructor(private readonly onSelect: (id: string) => void) {
    onLangChange(() => this.render());
    byId('panel-close').addEventListener('click', () => this.clear());
    this.render();
  }

  async show(id: string): Promise<void> {
    const mine = ++this.generation;
    this.root.setAttribute('aria-busy', 'true');
    try {
      const data = await gql<PanelData>(ORGANISATION, {
        id,
        reach: REACH_PAGE,
        recommendations: RECOMMENDATIONS,
      });
      if (mine !== this.generation) return;
      this.data = data;
      this.render();
      byId('panel-title').focus();
    } catch (e) {
      if (mine === this.generation) showError(e);
    } finally {
      if (mine === this.generation) this.root.removeAttribute('aria-busy');
    }
  }

  clear(): void {
    this.generation++;
    this.data = null;
    this.render();
  }

  private orgButton(org: OrgRef, extra?: string): HTMLElement {
    const button = h('button', { type: 'button', class: 'link', 'data-id': org.id }, nameOf(org));
    button.addEventListener('click', () => this.onSelect(org.id));
    return h('li', {}, button, extra ? h('span', { class: 'muted small' }, ` ${extra}`) : null);
  }

  private section(
    key: 'orgProjects' | 'partners' | 'partnersOfPartners' | 'recommendations',
    count: string,
    items: HTMLElement[],
  ): HTMLElement {
    return h(
      'section',
      { class: 'panel-section', 'data-section': key },
      h('h3', {}, t(key), h('span', { class: 'count' }, ` (${count})`)),
      items.length ? h('ul', {}, ...items) : h('p', { class: 'muted' }, t('none')),
    );
  }

  private render(): void {
    const body = byId('panel-body');
    const title = byId('panel-title');
    const close = byId('panel-close');
    const d = this.data;
    if (!d) {
      title.textContent = t('chooseOrganisation');
      body.replaceChildren(h('p', { class: 'muted' }, t('panelEmpty')));
      close.hidden = true;
      this.root.removeAttribute('data-id');
      return;
    }
    close.hidden = false;
    this.root.dataset.id = d.node.id;
    title.textContent = nameOf(d.node);
    const reach = d.partnersOfPartners;
    const partners = reach.edges.filter((e) => e.node.distance === 1);
    const second = reach.edges.filter((e) => e.node.distance === 2);
    const reachNote =
      reach.totalCount > reach.edges.length
        ? `, ${t('showingOf', { shown: reach.edges.length, total: formatNumber(reach.totalCount) })}`
        : '';
    body.replaceChildren(
      h(
        'p',
        { class: 'meta' },
        tEnum('kind', d.node.kind),
        d.node.code ? ` ${d.node.code}` : '',
        d.node.region ? ` · ${nameOf(d.node.region)}` : '',
      ),
      this.section(
        'orgProjects',
        formatNumber(d.node.participationCount),
        d.node.participations.map((p) =>
          h(
            'li',
            { 'data-id': p.project.id },
            titleOf(p.project),
            h(
              'span',
              { class: 'muted small' },
              ` (${tEnum('role', p.role)}, ${tEnum('status', p.project.status)})`,
            ),
          ),
        ),
      ),
      this.section(
        'partners',
        formatNumber(partners.length) + reachNote,
        partners.map((e) => this.orgButton(e.node.organisation)),
      ),
      this.section(
        'partnersOfPartners',
        formatNumber(second.length) + reachNote,
        second.map((e) => this.orgButton(e.node.organisation)),
      ),
      this.section(
        'recommendations',
        formatNumber(d.recommendedPartners.length),
        d.recommendedPartners.map((r) => {
          const reasons = [
            r.reasons.distance !== null ? t('linksAway', { n: r.reasons.distance }) : null,
            r.reasons.sameRegion ? t('sameRegion') : null,
            r.reasons.sameLanguage ? t('sameLanguage') : null,
            r.reasons.sharedTopics.length
              ? `${t('sharedTopics')}: ${r.reasons.sharedTopics.map(nameOf).join(', ')}`
              : null,
            `${t('score')} ${r.score.toFixed(2)}`,
          ].filter(Boolean);
          return this.orgButton(r.organisation, `– ${reasons.join('; ')}`);
        }),
      ),
    );
  }
}
