import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { GraphIndex, GraphRows } from './graph-index';
import { clientQueryable, GraphRepository } from './graph.repository';
import { GRAPH_SQL } from './sql/graph.statements';

/**
 * Reads every link table for a full build (call inside one REPEATABLE READ
 * transaction), and the feed position the snapshot reflects.
 */
export async function readGraphRows(
  client: Client,
): Promise<{ rows: GraphRows; position: number }> {
  const bounds = await new GraphRepository(clientQueryable(client)).bounds();
  const p = await copyInts(client, GRAPH_SQL.copyParticipation.text, 2);
  const c = await copyInts(client, GRAPH_SQL.copyCommitments.text, 3);
  const r = await copyInts(client, GRAPH_SQL.copyReuse.text, 3);
  const m = await copyInts(client, GRAPH_SQL.copyMembers.text, 2);
  const u = await copyInts(client, GRAPH_SQL.copyIncomplete.text, 1);
  const rows: GraphRows = {
    participation: { project: p[0], organisation: p[1] },
    commitments: { id: c[0], a: c[1], b: c[2] },
    reuse: { id: r[0], project: r[1], source: r[2] },
    members: { authority: m[0], municipality: m[1] },
    incompleteProjects: u[0],
    maxOrganisation: bounds.max_organisation,
    maxProject: bounds.max_project,
  };
  return { rows, position: Number(bounds.position) };
}

/**
 * Re-reads the lists a change touched (call inside one snapshot) and replaces them
 * in the index: the participants of `projects`, the project lists of their members
 * (before and after) and of `organisations`, the live commitments and reuse links
 * of `projects`, the memberships of `organisations`, and which of `projects` have
 * incomplete participant lists. Reading the current state makes it idempotent.
 */
export async function refreshIndex(
  client: Client,
  index: GraphIndex,
  projects: number[],
  organisations: number[],
): Promise<void> {
  const repo = new GraphRepository(clientQueryable(client));
  const members = await repo.projectMembers(projects);
  const orgs = new Set(organisations);
  for (const r of members) orgs.add(r.b);
  for (const p of projects) for (const o of index.projectOrgs.targets(p)) orgs.add(o);
  const orgProjects = await repo.organisationProjects([...orgs]);
  const commitments = await repo.commitments(projects);
  const reuse = await repo.reuse(projects);
  const memberships = await repo.members(organisations);
  const incomplete = new Set(await repo.incomplete(projects));
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

/** Reads `COPY (sql) TO STDOUT` of `columns` integer columns into typed arrays. */
async function copyInts(client: Client, sql: string, columns: number): Promise<Int32Array[]> {
  let cap = 1 << 16;
  let out = Array.from({ length: columns }, () => new Int32Array(cap));
  let rows = 0;
  let col = 0;
  let value = 0;
  let negative = false;
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
      else if (ch === 45) negative = true;
      else if (ch === 9 || ch === 10) {
        if (rows === cap) {
          cap *= 2;
          out = out.map((a) => {
            const b = new Int32Array(cap);
            b.set(a);
            return b;
          });
        }
        out[col][rows] = negative ? -value : value;
        value = 0;
        negative = false;
        if (ch === 9) col++;
        else {
          col = 0;
          rows++;
        }
      }
    }
  }
  return out.map((a) => a.slice(0, rows));
}
