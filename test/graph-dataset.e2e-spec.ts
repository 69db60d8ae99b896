import { datasetGraph } from './support/dataset-graph';
import { expectErrorCode, startTestApp, TestApp } from './support/test-app';

/**
 * The graph queries on the real dataset, against a reference network built
 * straight from data/ (test/support/dataset-graph.ts): expectations follow
 * the data files, so they stay right as sources add partners.
 */
describe('graph queries on the real dataset', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const code of ['858', '505', '638', '091', '111', '445']) {
      ids[code] = (await t.gql(`{ municipality(code: "${code}") { id } }`)).data!.municipality.id;
    }
    const listing = async (category: string, position: number) =>
      (
        await t.gql(
          `{ projectByListing(programme: "vm-digi-joint-2019", category: ${category}, position: ${position}) { id } }`,
        )
      ).data!.projectByListing.id as string;
    ids.grankulla = await listing('OTHER', 3);
    ids.idensalmi = await listing('OTHER', 7);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reaches from Tuusula exactly the organisations the data links it to, at their distances', async () => {
    const res = await t.gql(
      `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: 4, first: 100) {
      totalCount edges { node { distance organisation { nameFi ... on Municipality { code } } } } } }`,
      { o: ids['858'] },
    );
    const expected = datasetGraph().distances('858', 4);
    const got = res.data!.partnersOfPartners;
    expect(got.totalCount).toBe(expected.size);
    expect(
      new Map(
        got.edges.map((e: any) => [
          e.node.organisation.code ?? `ja:${e.node.organisation.nameFi}`,
          e.node.distance,
        ]),
      ),
    ).toEqual(expected);
    // Nearest first.
    const d = got.edges.map((e: any) => e.node.distance);
    expect(d).toEqual([...d].sort((x: number, y: number) => x - y));
  });

  it('links across programmes: Heinola reaches Porvoo through Lahti’s 2020 project, and Mäntsälä through Porvoo', async () => {
    const path = await t.gql(
      `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) {
      distance path { organisations { nameFi } links { project { titleFi programme { code } } } } } }`,
      { a: ids['111'], b: ids['505'] },
    );
    expect(path.data!.collaborationPath.distance).toBe(datasetGraph().distances('111').get('505'));
    expect(path.data!.collaborationPath.path).toEqual({
      organisations: [{ nameFi: 'Heinola' }, { nameFi: 'Porvoo' }, { nameFi: 'Mäntsälä' }],
      links: [
        {
          project: {
            titleFi: 'Päätösrutiinien automatisointi',
            programme: { code: 'vm-digi-2020' },
          },
        },
        {
          project: {
            titleFi: 'Talousarvioprosessin automatisointi',
            programme: { code: 'vm-digi-joint-2019' },
          },
        },
      ],
    });
  });

  it('joins Mäntsälä and Borgå through the Tusby project, and finds no path to a lead whose partners are unknown', async () => {
    const path = await t.gql(
      `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) {
      distance path { organisations { nameSv } links { project { listPosition category } } } } }`,
      { a: ids['505'], b: ids['638'] },
    );
    expect(path.data!.collaborationPath).toEqual({
      distance: 1,
      path: {
        organisations: [{ nameSv: 'Mäntsälä' }, { nameSv: 'Borgå' }],
        links: [{ project: { listPosition: 14, category: 'OTHER' } }],
      },
    });
    // Parainen leads one project with no known partners, so nothing links it.
    expect(datasetGraph().distances('445').size).toBe(0);
    const none = await t.gql(
      `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { path { length } reason } }`,
      {
        a: ids['858'],
        b: ids['445'],
      },
    );
    expect(none.data!.collaborationPath.path).toBeNull();
  });

  it('ranks the two knowledge-based-management projects as each other’s most similar', async () => {
    const res = await t.gql(
      `query($p: ID!) { similarProjects(project: $p, first: 3) { score project { id titleSv } sharedTopics { slug } } }`,
      {
        p: ids.grankulla,
      },
    );
    const top = res.data!.similarProjects[0];
    expect(top.project.id).toBe(ids.idensalmi);
    expect(top.sharedTopics).toEqual([{ slug: 'knowledge-based-management' }]);
  });

  it('reports the compliance view honestly: unknown partner lists and no recorded completions', async () => {
    const res =
      await t.gql(`{ cooperationGaps(programme: "vm-digi-joint-2019", asOf: "2026-11-27") {
      similarPairCount similarPairs { projectA { id } projectB { id } }
      tooFewParticipants { participants } participantsUnknown { id } overdue { reason deadline } } }`);
    const g = res.data!.cooperationGaps;
    const { projects } = datasetGraph({ programme: 'vm-digi-joint-2019' });
    expect(g.tooFewParticipants).toEqual([]); // every known list has at least three participants
    expect(g.participantsUnknown).toHaveLength(projects.filter((p) => !p.participantsKnown).length);
    expect(g.overdue).toHaveLength(projects.length);
    expect(new Set(g.overdue.map((o: any) => `${o.reason} ${o.deadline}`))).toEqual(
      new Set(['NO_COMPLETION_RECORDED 2021-11-30']),
    );
    expect(g.similarPairCount).toBeGreaterThan(0);
    const pairs = g.similarPairs.map((p: any) => [p.projectA.id, p.projectB.id].sort().join());
    expect(pairs).toContain([ids.grankulla, ids.idensalmi].sort().join());
  });

  it('draws each programme with the organisations, links and separate groups of data/', async () => {
    for (const programme of ['vm-digi-joint-2019', 'vm-digi-2020', 'vm-digi-2022']) {
      const res = await t.gql(
        `query($p: String) { network(programme: $p) { componentCount nodes { degree } edges { weight kinds } } }`,
        { p: programme },
      );
      const n = res.data!.network;
      const ref = datasetGraph({ programme, memberships: false });
      expect([programme, n.nodes.length]).toEqual([programme, ref.adjacency.size]);
      expect(n.edges.length).toBe(ref.pairs.size);
      expect(n.edges.map((e: any) => e.weight).sort()).toEqual([...ref.pairs.values()].sort());
      expect(n.componentCount).toBe(ref.components());
      expect(n.nodes.map((x: any) => x.degree).sort()).toEqual(
        [...ref.adjacency.values()].map((x) => x.size).sort(),
      );
    }
  });

  it('recommends organisations working on the same topics for Tuusula, not its partners', async () => {
    const res = await t.gql(
      `query($o: ID!) { recommendedPartners(organisation: $o, first: 5) {
      organisation { ... on Municipality { code } } reasons { distance sharedTopics { slug } } } }`,
      { o: ids['858'] },
    );
    expect(res.errors).toBeUndefined();
    const codes = res.data!.recommendedPartners.map((r: any) => r.organisation.code);
    expect(codes).not.toContain('505');
    expect(codes).not.toContain('638');
    expect(codes.length).toBeGreaterThan(0);
    // Each candidate shares a topic or is near in the network (2–3 links).
    for (const r of res.data!.recommendedPartners)
      expect(r.reasons.sharedTopics.length > 0 || [2, 3].includes(r.reasons.distance)).toBe(true);
  });

  it('answers a project id where an organisation is expected with BAD_USER_INPUT', async () => {
    expectErrorCode(
      await t.gql(`query($o: ID!) { partnersOfPartners(organisation: $o) { totalCount } }`, {
        o: ids.grankulla,
      }),
      'BAD_USER_INPUT',
    );
  });
  it('says an answer from an organisation whose partner lists are unknown is incomplete, not empty', async () => {
    // An organisation whose every listed project has an unknown partner list, from the data itself.
    const [row] = await t.db.sql<{ code: string; unknown: number }>(
      `SELECT o.code, count(*)::int AS unknown FROM organisation o JOIN participation pa ON pa.organisation_id = o.id
       JOIN project p ON p.id = pa.project_id
       WHERE o.kind = 'MUNICIPALITY' AND NOT o.synthetic AND o.code <> '091'
       GROUP BY o.id HAVING bool_and(NOT p.participants_known) ORDER BY o.code LIMIT 1`,
    );
    expect(row).toBeDefined();
    const id = (await t.gql(`{ municipality(code: "${row.code}") { id } }`)).data!.municipality.id;
    const res = await t.gql(
      `query($o: ID!, $b: ID!) {
        partnersOfPartners(organisation: $o, maxDepth: 1) { totalCount complete incompleteProjectCount }
        collaborationPath(from: $o, to: $b, maxDepth: 1) { path { length } complete reason } }`,
      { o: id, b: ids['091'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.partnersOfPartners).toMatchObject({
      complete: false,
      incompleteProjectCount: row.unknown,
    });
    expect(res.data!.collaborationPath).toMatchObject({ path: null, complete: false });
    expect(res.data!.collaborationPath.reason).toMatch(/incomplete/);
  });
});
