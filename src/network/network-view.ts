import { GraphIndex } from './graph-index';
import { LinkKind } from './sql/organisation-edges.sql';

export interface ViewEdge {
  a: number;
  b: number;
  weight: number;
  kinds: LinkKind[];
}

const KIND_BITS: [number, LinkKind][] = [
  [1, LinkKind.COMMITMENT],
  [2, LinkKind.MEMBERSHIP],
  [4, LinkKind.PROJECT],
  [8, LinkKind.REUSE],
];

/**
 * The drawn network's edges from the graph index, the same as NETWORK_EDGES_SQL:
 * for the members (organisation, project) of the selected projects, one edge per
 * pair a < b with the number of links between them and their kinds (by name).
 */
export function networkEdgesFromIndex(
  index: GraphIndex,
  members: { org: number; project_id: number }[],
): ViewEdge[] {
  const byProject = new Map<number, number[]>();
  const nodes = new Set<number>();
  for (const m of members) {
    nodes.add(m.org);
    const list = byProject.get(m.project_id);
    if (list) list.push(m.org);
    else byProject.set(m.project_id, [m.org]);
  }
  const pairs = new Map<number, { weight: number; kinds: number }>();
  const add = (x: number, y: number, bit: number) => {
    const key = x < y ? x * 2 ** 26 + y : y * 2 ** 26 + x;
    const e = pairs.get(key);
    if (e) {
      e.weight++;
      e.kinds |= bit;
    } else pairs.set(key, { weight: 1, kinds: bit });
  };
  for (const [p, orgs] of byProject) {
    const unique = [...new Set(orgs)];
    for (let i = 0; i < unique.length; i++)
      for (let j = i + 1; j < unique.length; j++) add(unique[i], unique[j], 4);
    // Commitments (stored a < b) and reuse links are kept at both ends: each is counted at the smaller.
    for (const [list, bit] of [
      [index.projectCommitments, 1],
      [index.projectReuse, 8],
    ] as const) {
      for (const q of list.targets(p)) {
        if (q <= p) continue;
        const far = byProject.get(q);
        if (!far) continue;
        for (const x of new Set(orgs)) for (const y of new Set(far)) if (x !== y) add(x, y, bit);
      }
    }
  }
  for (const o of nodes) {
    const far = index.members.targets(o);
    const via = index.members.vias(o);
    for (let k = 0; k < far.length; k++) if (via[k] === o && nodes.has(far[k])) add(o, far[k], 2);
  }
  return [...pairs]
    .sort((x, y) => x[0] - y[0])
    .map(([key, e]) => ({
      a: Math.floor(key / 2 ** 26),
      b: key % 2 ** 26,
      weight: e.weight,
      kinds: KIND_BITS.filter(([bit]) => e.kinds & bit).map(([, k]) => k),
    }));
}
