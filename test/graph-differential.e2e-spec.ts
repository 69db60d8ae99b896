import fc from 'fast-check';
import { LinkSource, Reach, shortestPath } from '../src/network/breadth-first';
import { GraphIndex } from '../src/network/graph-index';
import { readGraphRows, refreshIndex } from '../src/network/graph-index.load';
import { withGraphSnapshot } from '../src/network/graph-snapshot.repository';
import { GraphSteps } from '../src/network/graph-steps.repository';
import { IndexLinks, SqlLinks } from '../src/network/link-sources';
import { networkEdgesFromIndex } from '../src/network/network-view';
import { ALL_LINK_KINDS, LinkKind } from '../src/network/sql/organisation-edges.sql';
import { NETWORK_EDGES_SQL, NETWORK_MEMBERS_SQL } from '../src/network/sql/network-view.query';
import { buildFixture, FixtureSpec } from './support/graph-fixture';
import { createTestDatabase, TestDatabase } from './support/test-app';

/**
 * The graph index against the SQL engine, its reference, on random networks:
 * lines, stars, cycles, hubs, several components, joint authorities, live,
 * withdrawn and lapsed commitments, reuse links and unknown participant lists.
 * Both must agree exactly: distances, shortest-path counts, order, example
 * paths, totalCount, collaboration paths, what the answers rest on, and the
 * drawn network; after a full build, and again after random changes applied
 * from the change feed's messages.
 */

const STATUSES = ['PROPOSED', 'ACTIVE', 'FULFILLED', 'WITHDRAWN', 'LAPSED'];
const KIND_CHOICES: LinkKind[][] = [
  ALL_LINK_KINDS,
  [LinkKind.PROJECT],
  [LinkKind.PROJECT, LinkKind.COMMITMENT],
  [LinkKind.COMMITMENT, LinkKind.REUSE, LinkKind.MEMBERSHIP],
  [LinkKind.MEMBERSHIP, LinkKind.PROJECT],
];

/** A component's projects as member positions 0..size-1, by shape. */
const shape = fc.oneof(
  fc.integer({ min: 2, max: 6 }).map((n) => ({
    size: n,
    projects: Array.from({ length: n - 1 }, (_, i) => [i, i + 1]),
  })), // line
  fc.integer({ min: 2, max: 6 }).map((n) => ({
    size: n,
    projects: Array.from({ length: n - 1 }, (_, i) => [0, i + 1]),
  })), // star
  fc.integer({ min: 3, max: 6 }).map((n) => ({
    size: n,
    projects: Array.from({ length: n }, (_, i) => [i, (i + 1) % n]),
  })), // cycle
  fc.integer({ min: 3, max: 6 }).map((n) => ({
    size: n,
    projects: [Array.from({ length: n }, (_, i) => i), [0, 1], [0, 1]],
  })), // hub project with everyone, and a pair sharing two more
  fc
    .tuple(
      fc.integer({ min: 2, max: 5 }),
      fc.array(fc.array(fc.nat(4), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
    )
    .map(([n, ps]) => ({ size: n, projects: ps.map((p) => [...new Set(p.map((x) => x % n))]) })), // random
);

const network = fc
  .record({
    components: fc.array(shape, { minLength: 1, maxLength: 4 }),
    loners: fc.nat(2),
    authorities: fc.array(fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
    authorityProjects: fc.array(fc.tuple(fc.nat(1), fc.nat(30)), { maxLength: 2 }),
    commitments: fc.array(fc.tuple(fc.nat(60), fc.nat(60), fc.constantFrom(...STATUSES)), {
      maxLength: 8,
    }),
    reuse: fc.array(fc.tuple(fc.nat(60), fc.nat(60)), { maxLength: 5 }),
    unknown: fc.array(fc.nat(60), { maxLength: 4 }),
    seed: fc.nat(),
  })
  .map((r): FixtureSpec => {
    const organisations: string[] = [];
    const projects: FixtureSpec['projects'] = {};
    let n = 0;
    for (const [c, comp] of r.components.entries()) {
      const names = Array.from({ length: comp.size }, () => `o${n++}`);
      organisations.push(...names);
      comp.projects.forEach((members, i) => {
        if (members.length) projects[`c${c}p${i}`] = { members: members.map((m) => names[m]) };
      });
    }
    for (let i = 0; i < r.loners; i++) organisations.push(`o${n++}`);
    const jointAuthorities: Record<string, string[]> = {};
    r.authorities.forEach((members, i) => {
      jointAuthorities[`ja${i}`] = [
        ...new Set(members.map((m) => organisations[m % organisations.length])),
      ];
    });
    r.authorityProjects.forEach(([ja, partner], i) => {
      const name = `ja${ja % Math.max(1, r.authorities.length)}`;
      if (jointAuthorities[name])
        projects[`jap${i}`] = { members: [name, organisations[partner % organisations.length]] };
    });
    const names = Object.keys(projects);
    for (const u of r.unknown)
      if (names.length) projects[names[u % names.length]].participantsKnown = false;
    const seen = new Set<string>();
    const commitments = r.commitments.flatMap(([a, b, status]) => {
      if (names.length < 2) return [];
      const [x, y] = [names[a % names.length], names[b % names.length]];
      const key = [x, y].sort().join();
      if (x === y || seen.has(key)) return [];
      seen.add(key);
      return [{ a: x, b: y, status }];
    });
    const reuse = r.reuse.flatMap(([a, b]) => {
      if (names.length < 2) return [];
      const [x, y] = [names[a % names.length], names[b % names.length]];
      return x === y ? [] : [{ project: x, source: y }];
    });
    return { organisations, jointAuthorities, projects, commitments, reuse };
  });

/** Random changes, as the API, an import or an administrator would make them. */
const changes = fc.array(
  fc.tuple(
    fc.constantFrom('leave', 'join', 'status', 'unreuse', 'known', 'member', 'unmember'),
    fc.nat(1000),
    fc.nat(1000),
  ),
  { minLength: 1, maxLength: 6 },
);

describe('graph index against the SQL engine (differential, fast-check)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const clear = () =>
    db.sql(
      `TRUNCATE participation, cooperation_commitment, reuse_link, joint_authority_member, project_topic, project, programme, topic, organisation, change_outbox CASCADE`,
    );

  const buildIndex = async () => GraphIndex.build(await withGraphSnapshot(db.url, readGraphRows));

  /** Everything both engines answer for the current network. */
  async function answers(links: LinkSource, orgIds: number[], pick: (n: number) => number) {
    const out: unknown[] = [];
    for (const [i, start] of orgIds.entries()) {
      const kinds = KIND_CHOICES[pick(i) % KIND_CHOICES.length];
      const depth = 1 + (pick(i + 7) % 4);
      const reach = new Reach(links, start, depth, kinds);
      const all = await reach.results();
      const paths = await reach.examplePaths(
        all.map((r) => r.org),
        1 + (pick(i + 3) % 5),
      );
      const page = await new Reach(links, start, depth, kinds).results((count) => count > 2);
      // totalCount counts the last level without computing it; a page orders only what it shows.
      const counting = new Reach(links, start, depth, kinds);
      const firstTwo = await counting.page(2);
      const counted = await counting.totalCount();
      const countedIncomplete = await counting.incompleteProjects();
      expect(counted).toBe(all.length);
      expect(firstTwo).toEqual({ rows: all.slice(0, 2), hasMore: all.length > 2 });
      const end = orgIds[pick(i + 11) % orgIds.length];
      const expanded: number[] = [];
      const path = await shortestPath(links, start, end, 1 + (pick(i + 5) % 4), kinds, expanded);
      out.push({
        start,
        kinds,
        depth,
        totalCount: all.length,
        all,
        page,
        firstTwo,
        counted,
        countedIncomplete,
        paths: [...paths],
        incomplete: await reach.incompleteProjects(),
        sameIncomplete: countedIncomplete === (await reach.incompleteProjects()),
        path,
        expanded,
        pathIncomplete: await links.incompleteProjects([...new Set(expanded)], kinds),
      });
    }
    // A project's participants searched from at once (recommendedPartners' subject).
    const group = new Reach(links, orgIds.slice(0, 3), 3, ALL_LINK_KINDS);
    out.push(await group.results(), group.expandedIds());
    return JSON.parse(JSON.stringify(out)) as unknown;
  }

  async function drawn(index: GraphIndex) {
    const params = [null, null, null];
    const sql = await db.sql(NETWORK_EDGES_SQL, params);
    const members = await db.sql<{ org: number; project_id: number }>(NETWORK_MEMBERS_SQL, params);
    return { sql, index: networkEdgesFromIndex(index, members) };
  }

  /** Applies what the change feed carried since the last call, as every instance does. */
  async function applyFeed(index: GraphIndex) {
    const rows = await db.sql<{ payload: string }>(`DELETE FROM change_outbox RETURNING payload`);
    const messages = rows.map(
      (r) =>
        (
          JSON.parse(r.payload) as {
            object: { projects: number[]; organisations: number[]; full: boolean };
          }
        ).object,
    );
    expect(messages.every((m) => !m.full)).toBe(true);
    await withGraphSnapshot(db.url, (s) =>
      refreshIndex(
        s,
        index,
        [...new Set(messages.flatMap((m) => m.projects))],
        [...new Set(messages.flatMap((m) => m.organisations))],
      ),
    );
  }

  async function change(kind: string, x: number, y: number) {
    const one = async (sql: string) => (await db.sql<{ id: number }>(sql))[0]?.id;
    const project = await one(
      `SELECT id FROM project ORDER BY id OFFSET ${x} % greatest(1, (SELECT count(*) FROM project)) LIMIT 1`,
    );
    const org = await one(
      `SELECT id FROM organisation WHERE kind = 'MUNICIPALITY' ORDER BY id OFFSET ${y} % greatest(1, (SELECT count(*) FROM organisation WHERE kind = 'MUNICIPALITY')) LIMIT 1`,
    );
    if (project === undefined || org === undefined) return;
    switch (kind) {
      case 'leave':
        await db.sql(
          `DELETE FROM participation WHERE project_id = $1 AND organisation_id = (SELECT min(organisation_id) FROM participation WHERE project_id = $1)`,
          [project],
        );
        break;
      case 'join':
        await db.sql(
          `INSERT INTO participation (project_id, organisation_id, role, source_key) VALUES ($1, $2, 'PARTNER', 'fixture') ON CONFLICT DO NOTHING`,
          [project, org],
        );
        break;
      case 'status':
        await db.sql(
          `UPDATE cooperation_commitment SET status = (ARRAY['ACTIVE','WITHDRAWN','LAPSED','PROPOSED']::commitment_status[])[1 + $2 % 4] WHERE id = (SELECT id FROM cooperation_commitment ORDER BY id OFFSET $1 % greatest(1, (SELECT count(*) FROM cooperation_commitment)) LIMIT 1)`,
          [x, y],
        );
        break;
      case 'unreuse':
        await db.sql(`DELETE FROM reuse_link WHERE id = (SELECT min(id) FROM reuse_link)`);
        break;
      case 'known':
        await db.sql(
          `UPDATE project SET participants_known = NOT participants_known WHERE id = $1`,
          [project],
        );
        break;
      case 'member':
        await db.sql(
          `INSERT INTO joint_authority_member (joint_authority_id, municipality_id, source_key) SELECT id, $1, 'fixture' FROM organisation WHERE kind = 'JOINT_AUTHORITY' ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING`,
          [org],
        );
        break;
      case 'unmember':
        await db.sql(
          `DELETE FROM joint_authority_member WHERE municipality_id = (SELECT min(municipality_id) FROM joint_authority_member)`,
        );
        break;
    }
  }

  it('agrees exactly on random networks, after a build and after changes from the feed', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(network, changes, fc.nat(), async (spec, edits, salt) => {
        await clear();
        await buildFixture(db, spec);
        const orgIds = (
          await db.sql<{ id: number }>(`SELECT id FROM organisation ORDER BY id`)
        ).map((r) => r.id);
        const pick = (n: number) => (salt + n * 2654435761) % 1000003;
        const index = await buildIndex();
        const sql = new SqlLinks(
          new GraphSteps({
            query: (text: string, params?: unknown[]) => db.sql(text, params) as Promise<never>,
          }),
        );
        const asOf = new Date();
        await db.sql(`DELETE FROM change_outbox`);
        expect(await answers(new IndexLinks(index, asOf), orgIds, pick)).toEqual(
          await answers(sql, orgIds, pick),
        );
        const before = await drawn(index);
        expect(before.index).toEqual(before.sql);

        for (const [kind, x, y] of edits) await change(kind, x, y);
        await applyFeed(index);
        expect(await answers(new IndexLinks(index, asOf), orgIds, pick)).toEqual(
          await answers(sql, orgIds, pick),
        );
        const after = await drawn(index);
        expect(after.index).toEqual(after.sql);
        // The incrementally kept index has the same checksums as a fresh build.
        expect(index.checksums()).toEqual((await buildIndex()).checksums());
        compared++;
      }),
      {
        numRuns: Number(process.env.GRAPH_DIFF_RUNS ?? 25),
        seed: Number(process.env.GRAPH_DIFF_SEED ?? 20261204),
      },
    );
    expect(compared).toBeGreaterThan(0);
  }, 300_000);
});
