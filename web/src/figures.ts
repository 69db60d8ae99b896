/**
 * The key figures and their GraphQL, kept in this one module so that it can switch to an
 * aggregate query (e.g. `dashboard(programme)`) without touching the rest of the page.
 */
import { gql } from './api';
import { byId, h } from './dom';
import { formatNumber, MessageKey, t } from './i18n';

export interface KeyFigures {
  programmes: number;
  /** Sum over programmes; null when no programme publishes it. */
  applications: number | null;
  projects: number;
  municipalities: number;
  jointAuthorities: number;
  /** From the dashboard aggregates: municipalities taking part in at least one project. */
  participatingMunicipalities: number;
  /** Sum of the grant amounts that are known; null when none is. */
  grantsKnownEur: number | null;
  /** Projects whose grant amount is not known. */
  grantsUnknown: number;
}

/** What the drawn network adds (its counts come with the network the page draws anyway). */
export interface NetworkFigures {
  nodes: number;
  edges: number;
  components: number;
}

const KEY_FIGURES = `
  query KeyFigures {
    programmes(first: 100) { totalCount edges { node { applicationsReceived } } }
    projects(first: 1) { totalCount }
    municipalities(first: 1) { totalCount }
    jointAuthorities(first: 1) { totalCount }
    dashboard {
      participation { municipalities }
      grants { knownTotalEur unknown }
    }
  }`;

interface KeyFiguresData {
  programmes: { totalCount: number; edges: { node: { applicationsReceived: number | null } }[] };
  projects: { totalCount: number };
  municipalities: { totalCount: number };
  jointAuthorities: { totalCount: number };
  dashboard: {
    participation: { municipalities: number } | null;
    grants: { knownTotalEur: number | null; unknown: number } | null;
  };
}

export async function loadKeyFigures(): Promise<KeyFigures> {
  const d = await gql<KeyFiguresData>(KEY_FIGURES);
  const known = d.programmes.edges
    .map((e) => e.node.applicationsReceived)
    .filter((n): n is number => n !== null);
  return {
    programmes: d.programmes.totalCount,
    applications: known.length ? known.reduce((a, b) => a + b, 0) : null,
    projects: d.projects.totalCount,
    municipalities: d.municipalities.totalCount,
    jointAuthorities: d.jointAuthorities.totalCount,
    participatingMunicipalities: d.dashboard.participation?.municipalities ?? 0,
    grantsKnownEur: d.dashboard.grants?.knownTotalEur ?? null,
    grantsUnknown: d.dashboard.grants?.unknown ?? 0,
  };
}

let figures: KeyFigures | null = null;
let network: NetworkFigures | null = null;

export function setKeyFigures(value: KeyFigures): void {
  figures = value;
  renderFigures();
}

export function setNetworkFigures(value: NetworkFigures | null): void {
  network = value;
  renderFigures();
}

export function renderFigures(): void {
  const rows: [MessageKey, string, number | null | undefined][] = [
    ['figProgrammes', 'programmes', figures?.programmes],
    ['figApplications', 'applications', figures?.applications],
    ['figProjects', 'projects', figures?.projects],
    ['figMunicipalities', 'municipalities', figures?.municipalities],
    ['figJointAuthorities', 'joint-authorities', figures?.jointAuthorities],
    ['figParticipating', 'participating-municipalities', figures?.participatingMunicipalities],
    ['figGrantsKnown', 'grants-known-eur', figures?.grantsKnownEur],
    ['figGrantsUnknown', 'grants-unknown', figures?.grantsUnknown],
    ['figNodes', 'nodes', network?.nodes],
    ['figEdges', 'edges', network?.edges],
    ['figComponents', 'components', network?.components],
  ];
  byId('figures-list').replaceChildren(
    ...rows.map(([label, key, value]) =>
      h(
        'div',
        { class: 'figure', 'data-figure': key },
        h('dt', {}, t(label)),
        value === undefined
          ? h('dd', { class: 'muted' }, '…')
          : value === null
            ? h('dd', { class: 'muted' }, t('notKnown'))
            : h('dd', {}, formatNumber(value)),
      ),
    ),
  );
}
