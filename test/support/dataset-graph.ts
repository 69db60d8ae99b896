import { readDataset } from '../../src/seed/dataset-files';

/**
 * The real dataset's network, built straight from data/ as a reference for
 * the graph queries: organisations (municipality codes, joint authorities as
 * "ja:<Finnish name>") linked when they take part in the same project, or
 * as a joint authority and its member.
 */
export function datasetGraph(options: { programme?: string; memberships?: boolean } = {}) {
  const data = readDataset();
  const projects = data.projects.filter(
    (p) => !options.programme || p.programmeCode === options.programme,
  );
  const members = new Map<string, string[]>();
  for (const p of projects)
    members.set(
      p.key,
      data.participants.filter((x) => x.projectKey === p.key).map((x) => x.municipalityCode),
    );
  const adjacency = new Map<string, Set<string>>();
  const node = (id: string) => {
    if (!adjacency.has(id)) adjacency.set(id, new Set());
    return adjacency.get(id)!;
  };
  const link = (a: string, b: string) => {
    node(a).add(b);
    node(b).add(a);
  };
  /** Pairs with the number of projects they share. */
  const pairs = new Map<string, number>();
  for (const codes of members.values()) {
    for (const c of codes) node(c);
    for (const a of codes)
      for (const b of codes)
        if (a < b) {
          link(a, b);
          pairs.set(`${a}-${b}`, (pairs.get(`${a}-${b}`) ?? 0) + 1);
        }
  }
  if (options.memberships !== false)
    for (const ja of data.jointAuthorities)
      for (const m of ja.memberCodes) link(`ja:${ja.nameFi}`, m);

  /** Breadth-first distances from one organisation, within maxDepth links. */
  const distances = (from: string, maxDepth = 4) => {
    const seen = new Map([[from, 0]]);
    let frontier = [from];
    for (let d = 1; d <= maxDepth && frontier.length; d++) {
      const next: string[] = [];
      for (const x of frontier)
        for (const y of adjacency.get(x) ?? [])
          if (!seen.has(y)) {
            seen.set(y, d);
            next.push(y);
          }
      frontier = next;
    }
    seen.delete(from);
    return seen;
  };
  const components = () => {
    const seen = new Set<string>();
    let count = 0;
    for (const start of adjacency.keys()) {
      if (seen.has(start)) continue;
      count++;
      seen.add(start);
      for (const y of distances(start, Number.MAX_SAFE_INTEGER).keys()) seen.add(y);
    }
    return count;
  };
  return { data, projects, adjacency, pairs, distances, components };
}
