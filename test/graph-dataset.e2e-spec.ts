import { expectErrorCode, startTestApp, TestApp } from './support/test-app';

/** The graph queries on the real dataset: a sparse network, because only one project's partners are known. */
describe('graph queries on the real dataset', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const code of ['858', '505', '638', '091']) {
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

  it("reaches Tuusula's two known partners and no one else", async () => {
    const res = await t.gql(
      `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: 4) {
      totalCount edges { node { distance shortestPathCount organisation { ... on Municipality { code } } } } } }`,
      { o: ids['858'] },
    );
    expect(res.data!.partnersOfPartners).toEqual({
      totalCount: 2,
      edges: [
        { node: { distance: 1, shortestPathCount: 1, organisation: { code: '505' } } },
        { node: { distance: 1, shortestPathCount: 1, organisation: { code: '638' } } },
      ],
    });
  });

  it('joins Mäntsälä and Borgå through the Tusby project, and finds no path to Helsinki', async () => {
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
    const none = await t.gql(
      `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { path { length } reason } }`,
      {
        a: ids['858'],
        b: ids['091'],
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
    expect(g.tooFewParticipants).toEqual([]); // the one known list (Tusby) has three participants
    expect(g.participantsUnknown).toHaveLength(26);
    expect(g.overdue).toHaveLength(27);
    expect(new Set(g.overdue.map((o: any) => `${o.reason} ${o.deadline}`))).toEqual(
      new Set(['NO_COMPLETION_RECORDED 2021-11-30']),
    );
    expect(g.similarPairCount).toBeGreaterThan(0);
    const pairs = g.similarPairs.map((p: any) => [p.projectA.id, p.projectB.id].sort().join());
    expect(pairs).toContain([ids.grankulla, ids.idensalmi].sort().join());
  });

  it('draws the programme: 24 organisations, the Tusby triangle and 21 isolated leads', async () => {
    const res = await t.gql(
      `{ network(programme: "vm-digi-joint-2019") { componentCount nodes { degree componentId } edges { weight kinds } } }`,
    );
    const n = res.data!.network;
    expect(n.nodes).toHaveLength(24);
    expect(n.edges).toEqual([
      { weight: 1, kinds: ['PROJECT'] },
      { weight: 1, kinds: ['PROJECT'] },
      { weight: 1, kinds: ['PROJECT'] },
    ]);
    expect(n.componentCount).toBe(22);
    expect(n.nodes.filter((x: any) => x.componentId === 0).map((x: any) => x.degree)).toEqual([
      2, 2, 2,
    ]);
  });

  it('recommends organisations working on the same topics for Tuusula, not its partners', async () => {
    const res = await t.gql(
      `query($o: ID!) { recommendedPartners(organisation: $o, first: 5) {
      organisation { ... on Municipality { code } } reasons { sharedTopics { slug } } } }`,
      { o: ids['858'] },
    );
    const codes = res.data!.recommendedPartners.map((r: any) => r.organisation.code);
    expect(codes).not.toContain('505');
    expect(codes).not.toContain('638');
    expect(codes.length).toBeGreaterThan(0);
    for (const r of res.data!.recommendedPartners)
      expect(r.reasons.sharedTopics.length).toBeGreaterThan(0);
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
