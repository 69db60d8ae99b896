import { GraphIndex, GraphRows } from './graph-index';
import type { GraphSnapshot } from './graph-snapshot.repository';

/** Reads every link table for a full build, in one snapshot (GraphRepository.withBuildSnapshot). */
export async function readGraphRows(s: GraphSnapshot): Promise<GraphRows> {
  const bounds = await s.bounds();
  const p = await s.participation();
  const c = await s.commitments();
  const r = await s.reuseLinks();
  const m = await s.memberships();
  const u = await s.incompleteIds();
  return {
    participation: { project: p[0], organisation: p[1] },
    commitments: { id: c[0], a: c[1], b: c[2] },
    reuse: { id: r[0], project: r[1], source: r[2] },
    members: { authority: m[0], municipality: m[1] },
    incompleteProjects: u[0],
    maxOrganisation: bounds.max_organisation,
    maxProject: bounds.max_project,
  };
}

/**
 * Re-reads the lists a change touched (in one snapshot) and replaces them
 * in the index: the participants of `projects`, the project lists of their members
 * (before and after) and of `organisations`, the live commitments and reuse links
 * of `projects`, the memberships of `organisations`, and which of `projects` have
 * incomplete participant lists. Reading the current state makes it idempotent.
 */
export async function refreshIndex(
  s: GraphSnapshot,
  index: GraphIndex,
  projects: number[],
  organisations: number[],
): Promise<void> {
  const members = await s.projectMembers(projects);
  const orgs = new Set(organisations);
  for (const r of members) orgs.add(r.b);
  for (const p of projects) for (const o of index.projectOrgs.targets(p)) orgs.add(o);
  const orgProjects = await s.organisationProjects([...orgs]);
  const commitments = await s.projectCommitments(projects);
  const reuse = await s.projectReuse(projects);
  const memberships = await s.organisationMembers(organisations);
  const incomplete = new Set(await s.incomplete(projects));
  const lists = (keys: Iterable<number>) =>
    new Map<number, [number, number][]>([...keys].map((k) => [k, []]));
  const pm = lists(projects);
  for (const r of members) pm.get(r.a)?.push([r.b, 0]);
  const op = lists(orgs);
  for (const r of orgProjects) op.get(r.a)?.push([r.b, 0]);
  const pc = lists(projects);
  for (const r of commitments) {
    pc.get(r.a)?.push([r.b, r.id]);
    pc.get(r.b)?.push([r.a, r.id]);
  }
  const pr = lists(projects);
  for (const r of reuse) {
    pr.get(r.a)?.push([r.b, r.id]);
    pr.get(r.b)?.push([r.a, r.id]);
  }
  const om = lists(organisations);
  for (const r of memberships) {
    om.get(r.a)?.push([r.b, r.a]);
    om.get(r.b)?.push([r.a, r.a]);
  }
  for (const [k, v] of pm) index.projectOrgs.replace(k, v);
  for (const [k, v] of op) index.orgProjects.replace(k, v);
  for (const [k, v] of pc) index.projectCommitments.replace(k, v);
  for (const [k, v] of pr) index.projectReuse.replace(k, v);
  for (const [k, v] of om) index.members.replace(k, v);
  for (const p of projects) index.setIncomplete(p, incomplete.has(p));
}
