import { buildFixture, Fixture, gid, waitForGraphIndex } from './support/graph-fixture';
import { expectErrorCode, startTestApp, TestApp } from './support/test-app';

/**
 * Every graph query on small hand-built networks whose answers are worked
 * out by hand: a line, a star, a cycle, two components, a joint authority,
 * plus commitments, reuse links and topic overlaps. Both engines get the same
 * answers: the graph index (kept current from the change feed) and SQL.
 */
describe.each(['index', 'sql'])('graph queries on hand-built networks (%s engine)', (engine) => {
  let t: TestApp;
  let fx: Fixture;
  const org = (name: string) => gid('Municipality', fx.org[name]);
  const project = (name: string) => gid('Project', fx.project[name]);
  const names = (list: { nameFi: string }[]) => list.map((o) => o.nameFi);

  beforeAll(async () => {
    t = await startTestApp({ seeded: false, env: { GRAPH_ENGINE: engine } });
    fx = await buildFixture(t.db, {
      organisations: [
        'l1',
        'l2',
        'l3',
        'l4',
        'l5',
        'hub',
        'leaf1',
        'leaf2',
        'leaf3',
        'leaf4',
        'c1',
        'c2',
        'c3',
        'c4',
        'x1',
        'x2',
        'y1',
        'y2',
        'm1',
        'm2',
        'k',
        'ca',
        'cb',
        'cc',
        'ra',
        'rb',
        's1',
        's2',
        's3',
        's4',
        'o1',
        'o2',
        'o3',
        'o4',
        'o5',
        'o6',
        'o7',
        'o8',
        'p1',
        'p2',
        'p3',
        'p4',
        'p5',
        'r0',
        'r1',
        'r2',
        'south-r3',
        'r4-sv',
        'q1',
        'q2',
        'q3',
        'q4',
      ],
      jointAuthorities: { ja: ['m1', 'm2'] },
      topics: ['t1', 't2', 't3', 't4', 't5', 't6'],
      programmes: {
        main: { deadline: '2030-01-01' },
        gaps: { deadline: '2020-01-01' },
        early: { deadline: '2015-01-01' },
        late: { deadline: '2040-01-01' },
      },
      projects: {
        line12: { members: ['l1', 'l2'] },
        line23: { members: ['l2', 'l3'] },
        line34: { members: ['l3', 'l4'] },
        line45: { members: ['l4', 'l5'] },
        star1: { members: ['hub', 'leaf1'] },
        star1b: { members: ['hub', 'leaf1'] },
        star2: { members: ['hub', 'leaf2'] },
        star3: { members: ['hub', 'leaf3'] },
        star4: { members: ['hub', 'leaf4'] },
        cyc12: { members: ['c1', 'c2'] },
        cyc23: { members: ['c2', 'c3'] },
        cyc34: { members: ['c3', 'c4'] },
        cyc41: { members: ['c4', 'c1'] },
        xproj: { members: ['x1', 'x2'] },
        yproj: { members: ['y1', 'y2'] },
        japroj: { members: ['ja', 'k'] },
        com1: { members: ['ca'] },
        com2: { members: ['cb'] },
        com3: { members: ['cc'] },
        re1: { members: ['ra'] },
        re2: { members: ['rb'] },
        'sim-a': { members: ['s1'], topics: { t1: 1, t2: 0.5 }, title: 'qqqq' },
        'sim-b': { members: ['s2'], topics: { t1: 1 }, title: 'wwww' },
        'sim-c': { members: ['s3'], topics: { t2: 1, t3: 1 }, title: 'eeee' },
        'sim-d': { members: ['s4'], topics: { t3: 1 }, title: 'rrrr' },
        g1: { members: ['o1', 'o2'], programme: 'gaps', topics: { t1: 1 }, title: 'zzzz' },
        g2: {
          members: ['o3', 'o4'],
          programme: 'gaps',
          topics: { t1: 1 },
          title: 'xxxx',
          status: 'ACTIVE',
        },
        g3: {
          members: ['o5'],
          programme: 'gaps',
          topics: { t3: 1 },
          title: 'vvvv',
          status: 'COMPLETED',
        },
        g4: { members: ['o6'], programme: 'gaps', title: 'uuuu', participantsKnown: false },
        g5: {
          members: ['o7', 'o8'],
          programme: 'gaps',
          topics: { t1: 1 },
          title: 'tttt',
          status: 'COMPLETED',
        },
        'pw-subject': { members: ['p1'], topics: { t4: 1 }, title: 'kkkk' },
        'pw-early': { members: ['p2'], programme: 'early', topics: { t4: 1 }, title: 'jjjj' },
        'pw-parallel': { members: ['p3'], topics: { t4: 1 }, title: 'hhhh' },
        'pw-own': { members: ['p1', 'p4'], programme: 'early', topics: { t4: 1 }, title: 'gggg' },
        'pw-later': { members: ['p5'], programme: 'late', topics: { t4: 1 }, title: 'ffff' },
        rp0: { members: ['r0', 'r1'], topics: { t5: 1 }, title: 'dddd' },
        rp1: { members: ['r1', 'r2'], title: 'cccc' },
        rp2: { members: ['south-r3'], topics: { t5: 1 }, title: 'bbbb' },
        rp3: { members: ['r4-sv'], topics: { t5: 1 }, title: 'aaaa' },
        'q-a': { members: ['q1'], topics: { t6: 1 }, title: 'nnnn' },
        'q-b': { members: ['q2'], topics: { t6: 1 }, title: 'mmmm' },
        'q-c': { members: ['q3'], topics: { t6: 1 }, title: 'llll' },
        'q-d': { members: ['q4'], topics: { t6: 1 }, title: 'oooo' },
      },
      commitments: [
        { a: 'com1', b: 'com2', status: 'ACTIVE' },
        { a: 'com1', b: 'com3', status: 'WITHDRAWN' },
        { a: 'g1', b: 'g5', status: 'ACTIVE' },
        { a: 'q-a', b: 'q-b', status: 'FULFILLED' },
        { a: 'q-a', b: 'q-c', status: 'ACTIVE' },
        { a: 'q-a', b: 'q-d', status: 'PROPOSED' },
      ],
      reuse: [
        { project: 're1', source: 're2' },
        { project: 'pw-subject', source: 'pw-early' },
      ],
    });
    // The fixture is written after the server started: the index learns it from the change feed.
    if (engine === 'index') await waitForGraphIndex(t.db, t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  const POP = `query($o: ID!, $d: Int, $via: [LinkKind!], $first: Int, $after: String, $k: Int) {
    partnersOfPartners(organisation: $o, maxDepth: $d, via: $via, first: $first, after: $after, examplePaths: $k) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { distance shortestPathCount organisation { nameFi }
        examplePaths { length organisations { nameFi } links { kind project { titleSv } commitment { status } reuseLink { id } jointAuthority { nameFi } } } } }
    }
  }`;
  const reach = async (vars: Record<string, unknown>) => {
    const res = await t.gql(POP, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.partnersOfPartners;
  };
  const rows = (conn: any) =>
    conn.edges.map((e: any) => [
      e.node.organisation.nameFi,
      e.node.distance,
      e.node.shortestPathCount,
    ]);

  describe('partnersOfPartners', () => {
    it('walks a line one level at a time, start excluded; depth 1 means direct partners', async () => {
      expect(rows(await reach({ o: org('l1'), d: 1 }))).toEqual([['l2', 1, 1]]);
      const full = await reach({ o: org('l1'), d: 4, k: 1 });
      expect(rows(full)).toEqual([
        ['l2', 1, 1],
        ['l3', 2, 1],
        ['l4', 3, 1],
        ['l5', 4, 1],
      ]);
      expect(full.totalCount).toBe(4);
      const toL4 = full.edges[2].node.examplePaths;
      expect(toL4).toHaveLength(1);
      expect(names(toL4[0].organisations)).toEqual(['l1', 'l2', 'l3', 'l4']);
      expect(toL4[0].links.map((l: any) => l.project.titleSv)).toEqual([
        'line12',
        'line23',
        'line34',
      ]);
      expect((await reach({ o: org('l1'), d: 2 })).totalCount).toBe(2);
    });

    it('in a star, ranks by distance, then by the number of shortest paths (two shared projects = two paths)', async () => {
      const res = await reach({ o: org('leaf2'), d: 2, k: 5 });
      expect(rows(res)).toEqual([
        ['hub', 1, 1],
        ['leaf1', 2, 2],
        ['leaf3', 2, 1],
        ['leaf4', 2, 1],
      ]);
      const viaProjects = res.edges[1].node.examplePaths.map((p: any) =>
        p.links.map((l: any) => l.project.titleSv),
      );
      expect(viaProjects).toEqual([
        ['star2', 'star1'],
        ['star2', 'star1b'],
      ]);
    });

    it('does not loop around a cycle, and counts both ways round to the far side', async () => {
      const res = await reach({ o: org('c1'), d: 4 });
      expect(rows(res)).toEqual([
        ['c2', 1, 1],
        ['c4', 1, 1],
        ['c3', 2, 2],
      ]);
      expect(res.totalCount).toBe(3);
    });

    it('stays inside its component', async () => {
      expect(rows(await reach({ o: org('x1'), d: 4 }))).toEqual([['x2', 1, 1]]);
    });

    it('follows a joint authority to its members and its projects, unless only projects count', async () => {
      const all = await reach({ o: org('m1'), d: 2, k: 1 });
      expect(rows(all)).toEqual([
        ['ja', 1, 1],
        ['m2', 2, 1], // equal ranks: by id, and municipalities were made first
        ['k', 2, 1],
      ]);
      expect(all.edges[0].node.examplePaths[0].links[0]).toMatchObject({
        kind: 'MEMBERSHIP',
        jointAuthority: { nameFi: 'ja' },
      });
      expect(rows(await reach({ o: org('m1'), d: 2, via: ['PROJECT'] }))).toEqual([]);
    });

    it('links projects through live commitments and reuse links only', async () => {
      const viaCommitment = await reach({ o: org('ca'), d: 2, k: 1 });
      expect(rows(viaCommitment)).toEqual([['cb', 1, 1]]); // the withdrawn commitment to com3 does not link
      expect(viaCommitment.edges[0].node.examplePaths[0].links[0]).toMatchObject({
        kind: 'COMMITMENT',
        commitment: { status: 'ACTIVE' },
      });
      expect(rows(await reach({ o: org('ca'), d: 2, via: ['PROJECT', 'REUSE'] }))).toEqual([]);
      const viaReuse = await reach({ o: org('ra'), d: 1, k: 1 });
      expect(rows(viaReuse)).toEqual([['rb', 1, 1]]);
      expect(viaReuse.edges[0].node.examplePaths[0].links[0].kind).toBe('REUSE');
    });

    it('pages with cursors in the same order', async () => {
      const p1 = await reach({ o: org('leaf2'), d: 2, first: 2 });
      expect(rows(p1).map((r: any) => r[0])).toEqual(['hub', 'leaf1']);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = await reach({ o: org('leaf2'), d: 2, first: 2, after: p1.pageInfo.endCursor });
      expect(rows(p2).map((r: any) => r[0])).toEqual(['leaf3', 'leaf4']);
      expect(p2.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      [{ d: 5 }, 'maxDepth'],
      [{ d: 0 }, 'maxDepth'],
      [{ first: 101 }, 'first'],
      [{ k: 6 }, 'examplePaths'],
      [{ after: 'bm9wZQ' }, 'after'],
    ])('answers a bound broken (%p) with BAD_USER_INPUT on %s', async (vars, argument) => {
      const res = await t.gql(POP, { o: org('l1'), ...vars });
      expect(expectErrorCode(res, 'BAD_USER_INPUT').extensions?.argument).toBe(argument);
    });

    it('answers an unknown start with NOT_FOUND and a project id with BAD_USER_INPUT', async () => {
      expectErrorCode(await t.gql(POP, { o: gid('Municipality', 999999) }), 'NOT_FOUND');
      expectErrorCode(await t.gql(POP, { o: project('line12') }), 'BAD_USER_INPUT');
    });
  });

  describe('collaborationPath', () => {
    const PATH = `query($a: ID!, $b: ID!, $d: Int) { collaborationPath(from: $a, to: $b, maxDepth: $d) {
      distance reason path { length organisations { nameFi } links { kind project { titleSv } } } } }`;

    it('finds the shortest path along a line, alternating organisations and projects', async () => {
      const res = (await t.gql(PATH, { a: org('l1'), b: org('l5') })).data!.collaborationPath;
      expect(res.distance).toBe(4);
      expect(names(res.path.organisations)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
      expect(res.path.links.map((l: any) => l.project.titleSv)).toEqual([
        'line12',
        'line23',
        'line34',
        'line45',
      ]);
    });

    it('is null with a reason when the path is longer than maxDepth or there is none', async () => {
      const short = (await t.gql(PATH, { a: org('l1'), b: org('l5'), d: 3 })).data!
        .collaborationPath;
      expect(short).toEqual({
        distance: null,
        path: null,
        reason: expect.stringMatching(/No path of at most 3 links/),
      });
      const apart = (await t.gql(PATH, { a: org('x1'), b: org('y1') })).data!.collaborationPath;
      expect(apart.path).toBeNull();
      expect(apart.reason).toMatch(/No path/);
    });

    it('takes one of the two equal ways round a cycle, and goes through a joint authority', async () => {
      const cycle = (await t.gql(PATH, { a: org('c1'), b: org('c3') })).data!.collaborationPath;
      expect(cycle.distance).toBe(2);
      expect(names(cycle.path.organisations)).toEqual(['c1', 'c2', 'c3']);
      const ja = (await t.gql(PATH, { a: org('m1'), b: org('k') })).data!.collaborationPath;
      expect(names(ja.path.organisations)).toEqual(['m1', 'ja', 'k']);
      expect(ja.path.links.map((l: any) => l.kind)).toEqual(['MEMBERSHIP', 'PROJECT']);
    });

    it('answers maxDepth 5 with BAD_USER_INPUT', async () => {
      expectErrorCode(await t.gql(PATH, { a: org('l1'), b: org('l5'), d: 5 }), 'BAD_USER_INPUT');
    });
  });

  describe('sharedTopics', () => {
    const SHARED = `query($a: ID!, $b: ID!) { sharedTopics(a: $a, b: $b) { topic { slug } projectsA { titleSv } projectsB { titleSv } } }`;

    it('lists each shared topic with the projects on each side', async () => {
      const res = await t.gql(SHARED, { a: project('sim-a'), b: project('sim-c') });
      expect(res.data!.sharedTopics).toEqual([
        {
          topic: { slug: 't2' },
          projectsA: [{ titleSv: 'qqqq' }],
          projectsB: [{ titleSv: 'eeee' }],
        },
      ]);
    });

    it('works for two organisations through all their projects', async () => {
      const res = await t.gql(SHARED, { a: org('p1'), b: org('p3') });
      expect(res.data!.sharedTopics).toEqual([
        {
          topic: { slug: 't4' },
          projectsA: [{ titleSv: 'kkkk' }, { titleSv: 'gggg' }],
          projectsB: [{ titleSv: 'hhhh' }],
        },
      ]);
      expect((await t.gql(SHARED, { a: org('l1'), b: org('l2') })).data!.sharedTopics).toEqual([]);
    });
  });

  describe('similarProjects', () => {
    const SIMILAR = `query($p: ID!, $min: Float) { similarProjects(project: $p, minScore: $min) {
      score topicScore textScore project { titleSv } sharedTopics { slug } committed hasActiveCommitment } }`;

    it('scores by weighted Jaccard of topics and title trigrams', async () => {
      const res = (await t.gql(SIMILAR, { p: project('sim-a'), min: 0.1 })).data!.similarProjects;
      // Four projects carry t1 alone (equal scores: by id), then sim-c.
      expect(res.map((r: any) => r.project.titleSv)).toEqual([
        'wwww',
        'zzzz',
        'xxxx',
        'tttt',
        'eeee',
      ]);
      // sim-b: min(1,1) / (1.5 + 1 − 1) = 2/3; sim-c: min(0.5,1) / (1.5 + 2 − 0.5) = 1/6; titles share no trigram.
      expect(res[0].topicScore).toBeCloseTo(2 / 3);
      expect(res[0].score).toBeCloseTo(0.7 * (2 / 3));
      expect(res[0].textScore).toBe(0);
      expect(res[4].topicScore).toBeCloseTo(1 / 6);
      expect(res[0].sharedTopics).toEqual([{ slug: 't1' }]);
      expect(res[4].sharedTopics).toEqual([{ slug: 't2' }]);
      expect(
        (await t.gql(SIMILAR, { p: project('sim-a'), min: 0.2 })).data!.similarProjects,
      ).toHaveLength(4);
    });

    it('says whether an active commitment already exists', async () => {
      const res = (await t.gql(SIMILAR, { p: project('g1'), min: 0.5 })).data!.similarProjects;
      const byTitle = Object.fromEntries(
        res.map((r: any) => [r.project.titleSv, r.hasActiveCommitment]),
      );
      // sim-b carries t1 alone too (score 0.7); sim-a only scores 0.7 × 2/3.
      expect(byTitle).toEqual({ wwww: false, xxxx: false, tttt: true });
    });

    it('counts an ACTIVE or FULFILLED commitment as committed, a proposal not', async () => {
      const res = (await t.gql(SIMILAR, { p: project('q-a'), min: 0.5 })).data!.similarProjects;
      const byTitle = Object.fromEntries(
        res.map((r: any) => [r.project.titleSv, [r.committed, r.hasActiveCommitment]]),
      );
      // The deprecated field keeps its old meaning: ACTIVE only.
      expect(byTitle).toEqual({
        mmmm: [true, false],
        llll: [true, true],
        oooo: [false, false],
      });
    });
  });

  describe('cooperationGaps', () => {
    it('lists uncommitted similar pairs, too few participants, unknown lists and overdue projects', async () => {
      const res =
        await t.gql(`{ cooperationGaps(programme: "gaps", threshold: 0.3, asOf: "2026-01-01") {
        programme { code } similarPairCount
        similarPairs { score projectA { titleSv } projectB { titleSv } sharedTopics { slug } }
        tooFewParticipants { participants required project { titleSv } }
        participantsUnknown { titleSv }
        overdue { reason deadline project { titleSv } } } }`);
      expect(res.errors).toBeUndefined();
      const g = res.data!.cooperationGaps;
      expect(g.programme).toEqual({ code: 'gaps' });
      // g1–g5 have an ACTIVE commitment; g1–g2 and g2–g5 share t1 and have none.
      expect(g.similarPairCount).toBe(2);
      expect(
        g.similarPairs.map((p: any) => [p.projectA.titleSv, p.projectB.titleSv, p.sharedTopics]),
      ).toEqual([
        ['zzzz', 'xxxx', [{ slug: 't1' }]],
        ['xxxx', 'tttt', [{ slug: 't1' }]],
      ]);
      expect(g.similarPairs[0].score).toBeCloseTo(0.7);
      expect(g.tooFewParticipants).toEqual([
        { participants: 1, required: 2, project: { titleSv: 'vvvv' } },
      ]);
      expect(g.participantsUnknown).toEqual([{ titleSv: 'uuuu' }]);
      expect(g.overdue).toEqual([
        { reason: 'NO_COMPLETION_RECORDED', deadline: '2020-01-01', project: { titleSv: 'zzzz' } },
        { reason: 'NOT_COMPLETED', deadline: '2020-01-01', project: { titleSv: 'xxxx' } },
        { reason: 'NO_COMPLETION_RECORDED', deadline: '2020-01-01', project: { titleSv: 'uuuu' } },
      ]);
    });

    it('answers an unknown programme with NOT_FOUND and a bad date with BAD_USER_INPUT', async () => {
      expectErrorCode(
        await t.gql(`{ cooperationGaps(programme: "nope") { similarPairCount } }`),
        'NOT_FOUND',
      );
      expectErrorCode(
        await t.gql(`{ cooperationGaps(programme: "gaps", asOf: "soon") { similarPairCount } }`),
        'BAD_USER_INPUT',
      );
    });
  });

  describe('recommendedPartners', () => {
    const REC = `query($o: ID, $p: ID) { recommendedPartners(organisation: $o, project: $p) {
      score organisation { nameFi } reasons { distance sameRegion sameLanguage sharedTopics { slug } path { organisations { nameFi } } } } }`;

    it('ranks non-partners by topics, distance, region and language, with reasons', async () => {
      const res = (await t.gql(REC, { o: org('r0') })).data!.recommendedPartners;
      expect(res.map((r: any) => [r.organisation.nameFi, Number(r.score.toFixed(4))])).toEqual([
        ['r4-sv', 0.65], // topic 0.5 + region 0.15
        ['south-r3', 0.6], // topic 0.5 + language 0.1
        ['r2', 0.5], // distance 2: 0.25 + region 0.15 + language 0.1
      ]);
      expect(res[2].reasons).toEqual({
        distance: 2,
        sameRegion: true,
        sameLanguage: true,
        sharedTopics: [],
        path: { organisations: [{ nameFi: 'r0' }, { nameFi: 'r1' }, { nameFi: 'r2' }] },
      });
      expect(res[0].reasons.sharedTopics).toEqual([{ slug: 't5' }]);
    });

    it("for a project, leaves out its participants' partners", async () => {
      const res = (await t.gql(REC, { p: project('rp0') })).data!.recommendedPartners;
      expect(res.map((r: any) => r.organisation.nameFi)).toEqual(['r4-sv', 'south-r3']);
    });

    it('needs exactly one subject', async () => {
      expectErrorCode(await t.gql(REC, {}), 'BAD_USER_INPUT');
      expectErrorCode(await t.gql(REC, { o: org('r0'), p: project('rp0') }), 'BAD_USER_INPUT');
    });
  });

  describe('priorWork', () => {
    it('finds earlier and parallel work of other organisations on the same topics, and the reuse links', async () => {
      const res = await t.gql(
        `query($p: ID!) { priorWork(project: $p) { project { titleSv }
        projects { relation score project { titleSv } sharedTopics { slug } }
        reuseLinks { sourceProject { titleSv } } } }`,
        { p: project('pw-subject') },
      );
      expect(res.errors).toBeUndefined();
      const w = res.data!.priorWork;
      expect(w.project).toEqual({ titleSv: 'kkkk' });
      // pw-own shares a participant; pw-later is in a later programme.
      expect(w.projects.map((p: any) => [p.project.titleSv, p.relation, p.sharedTopics])).toEqual([
        ['jjjj', 'EARLIER', [{ slug: 't4' }]],
        ['hhhh', 'PARALLEL', [{ slug: 't4' }]],
      ]);
      expect(w.projects[0].score).toBeCloseTo(0.7);
      expect(w.reuseLinks).toEqual([{ sourceProject: { titleSv: 'jjjj' } }]);
    });
  });

  describe('network', () => {
    const NET = `query($programme: String, $region: String, $max: Int) { network(programme: $programme, region: $region, maxNodes: $max) {
      componentCount nodes { organisation { nameFi } degree componentId brokerScore }
      edges { source { nameFi } target { nameFi } weight kinds } } }`;

    it('draws a programme: nodes with degree, component and broker score, edges with kinds', async () => {
      const res = await t.gql(NET, { programme: 'gaps' });
      expect(res.errors).toBeUndefined();
      const n = res.data!.network;
      expect(n.componentCount).toBe(4);
      const node = Object.fromEntries(
        n.nodes.map((x: any) => [x.organisation.nameFi, [x.degree, x.componentId, x.brokerScore]]),
      );
      expect(node).toEqual({
        o1: [3, 0, 0],
        o2: [3, 0, 0],
        o7: [3, 0, 0],
        o8: [3, 0, 0], // a complete graph of four: no brokers
        o3: [1, 1, 0],
        o4: [1, 1, 0],
        o5: [0, 2, 0],
        o6: [0, 3, 0],
      });
      const edge = (a: string, b: string) =>
        n.edges.find((e: any) => e.source.nameFi === a && e.target.nameFi === b);
      expect(edge('o1', 'o2')).toMatchObject({ weight: 1, kinds: ['PROJECT'] });
      expect(edge('o1', 'o7')).toMatchObject({ weight: 1, kinds: ['COMMITMENT'] });
    });

    it('puts the middle of a line forward as the broker', async () => {
      const n = (await t.gql(NET, { programme: 'main', max: 100 })).data!.network;
      const broker = Object.fromEntries(
        n.nodes.map((x: any) => [x.organisation.nameFi, x.brokerScore]),
      );
      expect(broker.l3).toBeGreaterThan(broker.l2);
      expect(broker.l2).toBeGreaterThan(broker.l1);
      expect(broker.l1).toBe(0);
      expect(broker.hub).toBeGreaterThan(broker.leaf1);
    });

    it('downloads the same network as GraphML and as CSV with a BOM for Excel', async () => {
      const graphml = await (await fetch(`${t.baseUrl}/network/graphml?programme=gaps`)).text();
      expect(graphml.match(/<node /g)).toHaveLength(8);
      expect(graphml.match(/<edge /g)).toHaveLength(7); // 3 project pairs + 4 pairs through the g1–g5 commitment
      expect(graphml).toContain('<data key="label">o1</data>');
      const nodes = await fetch(`${t.baseUrl}/network/nodes.csv?programme=gaps`);
      expect(nodes.headers.get('content-type')).toMatch(/text\/csv/);
      const text = Buffer.from(await nodes.arrayBuffer()).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trim().split('\n');
      expect(lines[0]).toBe(
        'id,kind,code,name_fi,name_sv,region_code,degree,component,broker_score',
      );
      expect(lines).toHaveLength(9);
      const edges = (await (await fetch(`${t.baseUrl}/network/edges.csv?programme=gaps`)).text())
        .trim()
        .split('\n');
      expect(edges.slice(1).filter((l) => l.endsWith(',COMMITMENT'))).toHaveLength(4);
      const bad = await fetch(`${t.baseUrl}/network/nodes.csv?maxNodes=lots`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).error).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'maxNodes',
      });
      expect((await fetch(`${t.baseUrl}/network/graphml?programme=nope`)).status).toBe(404);
    });

    it('filters by region, and refuses a network larger than maxNodes', async () => {
      const south = (await t.gql(NET, { region: '02' })).data!.network;
      expect(south.nodes.map((x: any) => x.organisation.nameFi)).toEqual(['south-r3']);
      expect(south.edges).toEqual([]);
      const res = await t.gql(NET, { max: 5 });
      expect(expectErrorCode(res, 'BAD_USER_INPUT').extensions?.argument).toBe('maxNodes');
    });
  });
  describe('what an answer rests on', () => {
    it('says an empty reach from a project with an unknown participant list is incomplete, not empty', async () => {
      const res = await t.gql(
        `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: 2) { totalCount complete incompleteProjectCount engine asOf } }`,
        { o: org('o6') },
      );
      expect(res.errors).toBeUndefined();
      const c = res.data!.partnersOfPartners;
      expect(c).toMatchObject({ totalCount: 0, complete: false, incompleteProjectCount: 1 });
      expect(c.engine).toBe(engine.toUpperCase());
      expect(Date.parse(c.asOf)).not.toBeNaN();
      const line = await t.gql(
        `query($o: ID!) { partnersOfPartners(organisation: $o, maxDepth: 4) { totalCount complete incompleteProjectCount } }`,
        { o: org('l1') },
      );
      expect(line.data!.partnersOfPartners).toEqual({
        totalCount: 4,
        complete: true,
        incompleteProjectCount: 0,
      });
    });

    it('says a missing collaboration path may exist when the lists searched are incomplete', async () => {
      const res = await t.gql(
        `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { path { length } reason complete incompleteProjectCount engine } }`,
        { a: org('o6'), b: org('o1') },
      );
      expect(res.errors).toBeUndefined();
      const p = res.data!.collaborationPath;
      expect(p).toMatchObject({ path: null, complete: false, incompleteProjectCount: 1 });
      expect(p.reason).toMatch(/incomplete/);
      expect(p.engine).toBe(engine.toUpperCase());
      const known = await t.gql(
        `query($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { path { length } reason complete } }`,
        { a: org('x1'), b: org('y1') },
      );
      expect(known.data!.collaborationPath).toMatchObject({ path: null, complete: true });
      expect(known.data!.collaborationPath.reason).not.toMatch(/incomplete/);
    });

    it('says recommendations and topic overlaps rest on incomplete lists, and keeps the list answers', async () => {
      const res = await t.gql(
        `query($o: ID!, $k: ID!, $p: ID!) {
          unknown: recommendations(organisation: $o) { complete incompleteProjectCount engine partners { organisation { id } } }
          known: recommendations(organisation: $k) { complete incompleteProjectCount partners { organisation { id } } }
          old: recommendedPartners(organisation: $k) { organisation { id } }
          orgs: topicOverlap(a: $o, b: $k) { complete incompleteProjectCount topics { topic { slug } } }
          projects: topicOverlap(a: $p, b: $p) { complete incompleteProjectCount topics { topic { slug } } }
        }`,
        { o: org('o6'), k: org('r0'), p: project('rp0') },
      );
      expect(res.errors).toBeUndefined();
      const d = res.data!;
      expect(d.unknown).toMatchObject({ complete: false, incompleteProjectCount: 1 });
      expect(d.unknown.engine).toBe(engine.toUpperCase());
      expect(d.known).toMatchObject({ complete: true, incompleteProjectCount: 0 });
      expect(d.known.partners).toEqual(d.old);
      expect(d.known.partners.length).toBeGreaterThan(0);
      // g4 (unknown participants, not listing r0) might be one of r0's projects.
      expect(d.orgs).toMatchObject({ complete: false, incompleteProjectCount: 1 });
      expect(d.projects).toEqual({
        complete: true,
        incompleteProjectCount: 0,
        topics: [{ topic: { slug: 't5' } }],
      });
    });

    it('counts the incomplete lists among the projects a drawn network and prior work rest on', async () => {
      const net = await t.gql(
        `{ network(programme: "gaps") { complete incompleteProjectCount engine } main: network(programme: "main") { complete incompleteProjectCount } }`,
      );
      expect(net.errors).toBeUndefined();
      expect(net.data!.network).toMatchObject({ complete: false, incompleteProjectCount: 1 });
      expect(net.data!.main).toEqual({ complete: true, incompleteProjectCount: 0 });
      const prior = await t.gql(
        `query($p: ID!) { priorWork(project: $p) { complete incompleteProjectCount engine } }`,
        { p: project('pw-subject') },
      );
      expect(prior.data!.priorWork).toEqual({
        complete: true,
        incompleteProjectCount: 0,
        engine: 'SQL',
      });
    });
  });
});
