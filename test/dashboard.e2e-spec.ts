import { buildFixture, Fixture } from './support/graph-fixture';
import { expectErrorCode, GraphQLResponse, startTestApp, TestApp } from './support/test-app';

/**
 * Every dashboard figure is cross-checked against the list queries: the
 * expected values are computed here from projects (with their participants,
 * topics, commitments and reuse links), totalCount of filtered project lists,
 * municipalities, programmes, similarProjects and cooperationGaps. Nothing
 * expected is written down as a number.
 */

const THRESHOLD = 0.3;
const AS_OF = '2022-01-01';

const DASHBOARD_FIELDS = `
  programme { code }
  applications { programmes applicationsReceived applicationsUnknown projectsGranted projectsGrantedPublished grantRate }
  projects { total participantsUnknown withoutTopic byCategory { key count } byStatus { key count }
    byTopic { key name count } byRegion { key name count } byLanguageStatus { key count } }
  participation { participations organisations municipalities jointAuthorities projectsWithKnownParticipants
    projectsWithUnknownParticipants participantsPerProject { participants projects }
    recordedParticipantsPerIncompleteProject { participants projects } meanParticipants }
  grants { projects known unknown knownTotalEur meanEur minEur maxEur maximumOnly complete }
  cooperation(threshold: ${THRESHOLD}) { threshold pairsComputed programmesNotComputed similarPairs committedPairs coverage
    commitments byKind { key count } byStatus { key count } byProvenance { key count } }
  compliance(threshold: ${THRESHOLD}, asOf: "${AS_OF}") { asOf threshold outOfCompliance atLeastOutOfCompliance
    completionNotRecorded tooFewParticipants participantsUnknown overdue overdueNotCompleted
    overdueNoCompletionRecorded inUncommittedSimilarPairs pairsComputed }
  equity { complete
    total { key municipalities reached notReached population populationCovered populationUnknown }
    byRegion { key name municipalities reached notReached population populationCovered populationUnknown }
    byLanguageStatus { key municipalities reached notReached population populationCovered populationUnknown }
    byPopulationClass { key municipalities reached notReached population populationCovered populationUnknown } }
  reuse(first: 100) { links projectsReusing outputs mostReused { sourceProject { id } sourceOutput links projects organisations } }`;

interface ListedProject {
  id: string;
  programme: { code: string; minParticipants: number; completionDeadline: string };
  category: string;
  status: string;
  endDate: string | null;
  participantsKnown: boolean;
  grantEur: number | null;
  grantIsMaximum: boolean;
  topics: { slug: string; nameEn: string }[];
  participants: {
    organisation: {
      __typename: string;
      id: string;
      region?: { code: string; nameEn: string };
      languageStatus?: string;
    };
  }[];
  commitments: { id: string; kind: string; status: string; provenance: string }[];
  reuseLinks: { id: string; sourceProject: { id: string } | null; sourceOutput: string | null }[];
}

interface ListedMunicipality {
  id: string;
  languageStatus: string;
  population2019: number | null;
  region: { code: string; nameEn: string };
}

type Count = { key: string | null; count: number };

/** Counts per key, most first then by key, as the dashboard orders them. */
function tally(keys: (string | null)[]): Count[] {
  const m = new Map<string | null, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '').localeCompare(b.key ?? ''));
}

const byKey = <T extends { key: string | null }>(list: T[]) =>
  [...list].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));

const populationClass = (p: number | null) =>
  p === null
    ? null
    : p < 2000
      ? 'UNDER_2000'
      : p < 5000
        ? '2000_4999'
        : p < 10000
          ? '5000_9999'
          : p < 20000
            ? '10000_19999'
            : p < 50000
              ? '20000_49999'
              : p < 100000
                ? '50000_99999'
                : '100000_AND_OVER';

async function listAll<T>(
  t: TestApp,
  field: string,
  selection: string,
  filter: string,
): Promise<{ nodes: T[]; totalCount: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const res: GraphQLResponse = await t.gql(
      `query($after: String) { ${field}(first: 100, after: $after${filter ? `, filter: ${filter}` : ''}) {
        totalCount edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(res.errors).toBeUndefined();
    const page = res.data![field] as {
      totalCount: number;
      edges: { node: T }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    totalCount = page.totalCount;
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { nodes, totalCount };
}

const PROJECT_SELECTION = `id programme { code minParticipants completionDeadline } category status endDate
  participantsKnown grantEur grantIsMaximum topics { slug nameEn }
  participants { organisation { __typename id ... on Municipality { region { code nameEn } languageStatus } } }
  commitments { id kind status provenance }
  reuseLinks { id sourceProject { id } sourceOutput }`;

/** The figures a dashboard must show, computed from the list queries only. */
async function expectedFigures(t: TestApp, programme: string | null) {
  const filter = programme ? `{ programme: "${programme}" }` : '';
  const { nodes: projects, totalCount } = await listAll<ListedProject>(
    t,
    'projects',
    PROJECT_SELECTION,
    filter,
  );
  expect(projects).toHaveLength(totalCount);
  const programmes = (
    await listAll<{
      code: string;
      applicationsReceived: number | null;
      projectsGranted: number | null;
      projectListComplete: boolean;
    }>(t, 'programmes', 'code applicationsReceived projectsGranted projectListComplete', '')
  ).nodes.filter((p) => programme === null || p.code === programme);
  const municipalities = (
    await listAll<ListedMunicipality>(
      t,
      'municipalities',
      'id languageStatus population2019 region { code nameEn }',
      '',
    )
  ).nodes;

  // totalCount of the filtered project lists must agree with the per-project tallies.
  const countOf = async (extra: string) =>
    (
      await t.gql(
        `{ projects(first: 0, filter: { ${programme ? `programme: "${programme}", ` : ''}${extra} }) { totalCount } }`,
      )
    ).data!.projects.totalCount as number;
  const byCategory = tally(projects.map((p) => p.category));
  for (const c of byCategory) expect(await countOf(`category: ${c.key}`)).toBe(c.count);
  const byStatus = tally(projects.map((p) => p.status));
  for (const s of byStatus) expect(await countOf(`status: ${s.key}`)).toBe(s.count);
  const topicNames = new Map(projects.flatMap((p) => p.topics.map((x) => [x.slug, x.nameEn])));
  const byTopic = tally(projects.flatMap((p) => p.topics.map((x) => x.slug))).map((c) => ({
    ...c,
    name: topicNames.get(c.key!) ?? null,
  }));
  for (const c of byTopic) expect(await countOf(`topic: "${c.key}"`)).toBe(c.count);

  const regionNames = new Map(municipalities.map((m) => [m.region.code, m.region.nameEn]));
  const municipalityById = new Map(municipalities.map((m) => [m.id, m]));
  const distinct = <T>(xs: T[]) => [...new Set(xs)];
  const byRegion = tally(
    projects.flatMap((p) =>
      distinct(p.participants.map((x) => x.organisation.region?.code ?? null)).filter(
        (c) => c !== null,
      ),
    ),
  ).map((c) => ({ ...c, name: regionNames.get(c.key!) ?? null }));
  const byLanguageStatus = tally(
    projects.flatMap((p) =>
      distinct(p.participants.map((x) => x.organisation.languageStatus ?? null)).filter(
        (c) => c !== null,
      ),
    ),
  );

  const orgs = distinct(projects.flatMap((p) => p.participants.map((x) => x.organisation.id)));
  const kinds = new Map(
    projects.flatMap((p) =>
      p.participants.map((x) => [x.organisation.id, x.organisation.__typename]),
    ),
  );
  const buckets = (known: boolean) =>
    tally(
      projects
        .filter((p) => p.participantsKnown === known)
        .map((p) => String(p.participants.length)),
    )
      .map((c) => ({ participants: Number(c.key), projects: c.count }))
      .sort((a, b) => a.participants - b.participants);
  const complete = projects.filter((p) => p.participantsKnown);

  const amounts = projects.filter((p) => p.grantEur !== null).map((p) => p.grantEur!);
  const sum = amounts.reduce((s, x) => s + x, 0);

  const commitments = [
    ...new Map(projects.flatMap((p) => p.commitments.map((c) => [c.id, c]))).values(),
  ];

  // Similar pairs from similarProjects (same programme, score ≥ threshold), committed
  // when an ACTIVE or FULFILLED commitment joins them; the uncommitted ones must be
  // exactly what cooperationGaps counts.
  const programmeOf = new Map(projects.map((p) => [p.id, p.programme.code]));
  const pairs = new Set<string>();
  for (const p of projects) {
    const res = await t.gql(
      `query($p: ID!) { similarProjects(project: $p, minScore: ${THRESHOLD}, first: 100) { project { id } } }`,
      { p: p.id },
    );
    const similar = res.data!.similarProjects as { project: { id: string } }[];
    expect(similar.length).toBeLessThan(100);
    for (const s of similar) {
      if (programmeOf.get(s.project.id) !== p.programme.code) continue;
      pairs.add([p.id, s.project.id].sort().join('|'));
    }
  }
  const live = new Set<string>();
  for (const p of projects) {
    const res = await t.gql(
      `query($p: ID!) { project(id: $p) { commitments { status projects { id } } } }`,
      { p: p.id },
    );
    for (const c of res.data!.project.commitments as {
      status: string;
      projects: { id: string }[];
    }[]) {
      if (c.status === 'ACTIVE' || c.status === 'FULFILLED') {
        live.add(pairKey(c.projects));
      }
    }
  }
  function pairKey(ps: { id: string }[]) {
    return ps
      .map((x) => x.id)
      .sort()
      .join('|');
  }
  const committedPairs = [...pairs].filter((k) => live.has(k)).length;

  const outOfCompliance = new Set<string>();
  // Overdue only because no completion is recorded: a finding, not out of compliance.
  const noCompletionRecorded = new Set<string>();
  let tooFew = 0;
  let overdue = 0;
  let overdueNotCompleted = 0;
  let unknown = 0;
  const gapProjects = new Set<string>();
  for (const code of distinct(projects.map((p) => p.programme.code))) {
    const res = await t.gql(
      `query($c: String!) { cooperationGaps(programme: $c, threshold: ${THRESHOLD}, asOf: "${AS_OF}", first: 100) {
        similarPairCount similarPairs { projectA { id } projectB { id } } tooFewParticipants { project { id } }
        participantsUnknown { id } overdue { project { id } reason } } }`,
      { c: code },
    );
    const g = res.data!.cooperationGaps;
    expect(g.similarPairs).toHaveLength(g.similarPairCount);
    const mine = [...pairs].filter((k) => programmeOf.get(k.split('|')[0]) === code);
    expect(g.similarPairCount).toBe(mine.filter((k) => !live.has(k)).length);
    for (const pair of g.similarPairs as { projectA: { id: string }; projectB: { id: string } }[]) {
      for (const x of [pair.projectA, pair.projectB]) {
        gapProjects.add(x.id);
        outOfCompliance.add(x.id);
      }
    }
    for (const x of g.tooFewParticipants) outOfCompliance.add(x.project.id);
    for (const x of g.overdue as { project: { id: string }; reason: string }[]) {
      if (x.reason === 'NOT_COMPLETED') outOfCompliance.add(x.project.id);
      else noCompletionRecorded.add(x.project.id);
    }
    tooFew += g.tooFewParticipants.length;
    overdue += g.overdue.length;
    overdueNotCompleted += (g.overdue as { reason: string }[]).filter(
      (x) => x.reason === 'NOT_COMPLETED',
    ).length;
    unknown += g.participantsUnknown.length;
  }

  const reached = new Set(orgs);
  const equity = (list: ListedMunicipality[], key: string | null, name: string | null = null) => {
    const r = list.filter((m) => reached.has(m.id));
    const pop = (ms: ListedMunicipality[]) => ms.reduce((s, m) => s + (m.population2019 ?? 0), 0);
    return {
      key,
      name,
      municipalities: list.length,
      reached: r.length,
      notReached: list.length - r.length,
      population: pop(list),
      populationCovered: pop(r),
      populationUnknown: list.filter((m) => m.population2019 === null).length,
    };
  };
  const groupEquity = (keyOf: (m: ListedMunicipality) => string | null, named = false) =>
    byKey(
      distinct(municipalities.map(keyOf)).map((k) =>
        equity(
          municipalities.filter((m) => keyOf(m) === k),
          k,
          named ? (regionNames.get(k!) ?? null) : null,
        ),
      ),
    );

  const reuseLinks = projects.flatMap((p) => p.reuseLinks.map((r) => ({ ...r, project: p })));
  const outputKey = (r: (typeof reuseLinks)[number]) =>
    r.sourceProject ? `p:${r.sourceProject.id}` : `o:${r.sourceOutput}`;
  const outputs = distinct(reuseLinks.map(outputKey)).map((k) => {
    const links = reuseLinks.filter((r) => outputKey(r) === k);
    return {
      sourceProject: links[0].sourceProject,
      sourceOutput: links[0].sourceProject ? null : links[0].sourceOutput,
      links: links.length,
      projects: distinct(links.map((r) => r.project.id)).length,
      organisations: distinct(
        links.flatMap((r) => r.project.participants.map((x) => x.organisation.id)),
      ).length,
    };
  });

  const applicationsKnown = programmes.every((p) => p.applicationsReceived !== null);
  const applicationsReceived =
    programmes.length && applicationsKnown
      ? programmes.reduce((s, p) => s + p.applicationsReceived!, 0)
      : null;

  const projectsGrantedPublished =
    programmes.length && programmes.every((p) => p.projectsGranted !== null)
      ? programmes.reduce((s, p) => s + p.projectsGranted!, 0)
      : null;
  // A round listed only in part counts its published projects, not the few recorded.
  const listed = programmes.every((p) => p.projectListComplete);
  const granted = listed ? totalCount : projectsGrantedPublished;
  return {
    applications: {
      programmes: programmes.length,
      applicationsReceived,
      applicationsUnknown: programmes.filter((p) => p.applicationsReceived === null).length,
      projectsGranted: totalCount,
      projectsGrantedPublished,
      grantRate: applicationsReceived && granted !== null ? granted / applicationsReceived : null,
    },
    projects: {
      total: totalCount,
      participantsUnknown: projects.filter((p) => !p.participantsKnown).length,
      withoutTopic: projects.filter((p) => p.topics.length === 0).length,
      byCategory: byCategory.map((c) => ({ ...c })),
      byStatus,
      byTopic,
      byRegion,
      byLanguageStatus,
    },
    participation: {
      participations: projects.reduce((s, p) => s + p.participants.length, 0),
      organisations: orgs.length,
      municipalities: orgs.filter((o) => kinds.get(o) === 'Municipality').length,
      jointAuthorities: orgs.filter((o) => kinds.get(o) === 'JointAuthority').length,
      projectsWithKnownParticipants: complete.length,
      projectsWithUnknownParticipants: totalCount - complete.length,
      participantsPerProject: buckets(true),
      recordedParticipantsPerIncompleteProject: buckets(false),
      meanParticipants: complete.length
        ? complete.reduce((s, p) => s + p.participants.length, 0) / complete.length
        : null,
    },
    grants: {
      projects: totalCount,
      known: amounts.length,
      unknown: totalCount - amounts.length,
      knownTotalEur: amounts.length ? sum : null,
      meanEur: amounts.length ? sum / amounts.length : null,
      minEur: amounts.length ? Math.min(...amounts) : null,
      maxEur: amounts.length ? Math.max(...amounts) : null,
      maximumOnly: projects.filter((p) => p.grantEur !== null && p.grantIsMaximum).length,
      complete: amounts.length === totalCount,
    },
    cooperation: {
      threshold: THRESHOLD,
      pairsComputed: true,
      programmesNotComputed: 0,
      similarPairs: pairs.size,
      committedPairs,
      coverage: pairs.size ? committedPairs / pairs.size : null,
      commitments: commitments.length,
      byKind: tally(commitments.map((c) => c.kind)),
      byStatus: tally(commitments.map((c) => c.status)),
      byProvenance: tally(commitments.map((c) => c.provenance)),
    },
    compliance: {
      asOf: AS_OF,
      threshold: THRESHOLD,
      outOfCompliance: outOfCompliance.size,
      atLeastOutOfCompliance: outOfCompliance.size,
      completionNotRecorded: [...noCompletionRecorded].filter((id) => !outOfCompliance.has(id))
        .length,
      tooFewParticipants: tooFew,
      participantsUnknown: unknown,
      overdue,
      overdueNotCompleted,
      overdueNoCompletionRecorded: overdue - overdueNotCompleted,
      inUncommittedSimilarPairs: gapProjects.size,
      pairsComputed: true,
    },
    equity: {
      complete: projects.every((p) => p.participantsKnown),
      total: { ...equity(municipalities, null) },
      byRegion: groupEquity((m) => m.region.code, true),
      byLanguageStatus: groupEquity((m) => m.languageStatus),
      byPopulationClass: groupEquity((m) => populationClass(m.population2019)),
    },
    reuse: {
      links: reuseLinks.length,
      projectsReusing: distinct(reuseLinks.map((r) => r.project.id)).length,
      outputs: outputs.length,
      mostReused: outputs.sort(
        (a, b) =>
          b.organisations - a.organisations ||
          b.links - a.links ||
          (a.sourceProject?.id ?? '').localeCompare(b.sourceProject?.id ?? ''),
      ),
    },
    municipalityById,
  };
}

/** The dashboard as served, with lists in a comparable order. */
function normalise(d: Record<string, any>): Record<string, unknown> {
  const e = d.equity;
  return {
    ...d,
    programme: undefined,
    equity: {
      ...e,
      total: { ...e.total, name: null },
      byRegion: byKey(e.byRegion),
      byLanguageStatus: byKey(e.byLanguageStatus).map((b: object) => ({ ...b, name: null })),
      byPopulationClass: byKey(e.byPopulationClass).map((b: object) => ({ ...b, name: null })),
    },
    projects: {
      ...d.projects,
      byCategory: d.projects.byCategory,
      byStatus: d.projects.byStatus,
    },
  };
}

async function expectDashboardMatchesLists(t: TestApp, programme: string | null) {
  const res = await t.gql(
    `query($p: String) { dashboard(programme: $p) { ${DASHBOARD_FIELDS} } }`,
    {
      p: programme,
    },
  );
  expect(res.errors).toBeUndefined();
  const served = normalise(res.data!.dashboard);
  const { municipalityById: _unused, ...expected } = await expectedFigures(t, programme);
  const close = (x: unknown): unknown =>
    typeof x === 'number' && !Number.isInteger(x)
      ? expect.closeTo(x, 6)
      : Array.isArray(x)
        ? x.map(close)
        : x && typeof x === 'object'
          ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, close(v)]))
          : x;
  for (const group of Object.keys(expected) as (keyof typeof expected)[]) {
    expect({ [group]: served[group] }).toEqual({ [group]: close(expected[group]) });
  }
  return res.data!.dashboard;
}

describe('dashboard on the real dataset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('agrees with the list queries for the programme and across programmes', async () => {
    const one = await expectDashboardMatchesLists(t, 'vm-digi-joint-2019');
    expect(one.programme).toEqual({ code: 'vm-digi-joint-2019' });
    const all = await expectDashboardMatchesLists(t, null);
    expect(all.programme).toBeNull();
  }, 120_000);

  it('keeps unknown grant amounts out of the sums and says so', async () => {
    const res = await t.gql(
      `{ dashboard(programme: "vm-digi-joint-2019") { grants { known unknown knownTotalEur complete } } }`,
    );
    const g = res.data!.dashboard.grants;
    const listed = await t.gql(
      `{ projects(first: 100, filter: { programme: "vm-digi-joint-2019" }) { edges { node { grantEur } } } }`,
    );
    const nulls = listed.data!.projects.edges.filter(
      (e: { node: { grantEur: number | null } }) => e.node.grantEur === null,
    ).length;
    expect(g.unknown).toBe(nulls);
    expect(g.complete).toBe(nulls === 0);
  });

  it('says in every figure group when a round lists only part of its projects', async () => {
    const groups = `applications { projectListComplete grantRate applicationsReceived projectsGrantedPublished }
      projects { projectListComplete total } participation { projectListComplete }
      grants { projectListComplete complete unknown } cooperation { projectListComplete }
      compliance { projectListComplete } equity { projectListComplete complete } reuse { projectListComplete }`;
    const res =
      await t.gql(`{ programmes(first: 100) { edges { node { code projectListComplete projectCount projectsGranted } } }
      all: dashboard { projectList { programmes programmesListedInPart projectsRecorded projectsGranted complete } ${groups} }
      byProgramme: dashboard { byProgramme { programme { code } projectList { projectsRecorded projectsGranted complete } ${groups} } } }`);
    expect(res.errors).toBeUndefined();
    const programmes = res.data!.programmes.edges.map((e: any) => e.node);
    const partial = programmes.filter((p: any) => !p.projectListComplete);
    expect(partial.map((p: any) => p.code)).toContain('vm-digi-2020');
    expect(res.data!.all.projectList).toEqual({
      programmes: programmes.length,
      programmesListedInPart: partial.length,
      projectsRecorded: programmes.reduce((n: number, p: any) => n + p.projectCount, 0),
      projectsGranted: programmes.reduce((n: number, p: any) => n + p.projectsGranted, 0),
      complete: partial.length === 0,
    });
    const flags = (d: any) =>
      [
        'applications',
        'projects',
        'participation',
        'grants',
        'cooperation',
        'compliance',
        'equity',
        'reuse',
      ].map((g) => d[g].projectListComplete);
    expect(new Set(flags(res.data!.all))).toEqual(new Set([partial.length === 0]));
    for (const d of res.data!.byProgramme.byProgramme) {
      const p = programmes.find((x: any) => x.code === d.programme.code);
      expect(d.projectList).toEqual({
        projectsRecorded: p.projectCount,
        projectsGranted: p.projectsGranted,
        complete: p.projectListComplete,
      });
      expect(new Set(flags(d))).toEqual(new Set([p.projectListComplete]));
      expect(d.projects.total).toBe(p.projectCount);
      if (!p.projectListComplete) {
        // Amounts and reach of unlisted projects are unknown, and the grant rate uses the published count.
        expect(d.grants.complete).toBe(false);
        expect(d.equity.complete).toBe(false);
        expect(d.applications.grantRate).toBeCloseTo(
          d.applications.projectsGrantedPublished / d.applications.applicationsReceived,
          6,
        );
      }
    }
  });

  it('rejects unknown programmes and out-of-bound arguments with clean codes', async () => {
    expectErrorCode(
      await t.gql(`{ dashboard(programme: "no-such") { grants { known } } }`),
      'NOT_FOUND',
    );
    expectErrorCode(
      await t.gql(`{ dashboard { cooperation(threshold: 1.5) { coverage } } }`),
      'BAD_USER_INPUT',
    );
    expectErrorCode(
      await t.gql(`{ dashboard { compliance(asOf: "2021-02-30") { overdue } } }`),
      'BAD_USER_INPUT',
    );
    expectErrorCode(await t.gql(`{ dashboard { reuse(first: 101) { links } } }`), 'BAD_USER_INPUT');
    expectErrorCode(
      await t.gql(`{ dashboard { byProgramme(first: 101) { grants { known } } } }`),
      'BAD_USER_INPUT',
    );
  });
});

describe('dashboard on a generated network with two programmes', () => {
  let t: TestApp;
  let fx: Fixture;
  beforeAll(async () => {
    t = await startTestApp({ seeded: false });
    fx = await buildFixture(t.db, {
      organisations: ['a', 'b', 'c-sv', 'south-d', 'south-e-sv', 'f', 'g'],
      jointAuthorities: { ja: ['a', 'b'] },
      topics: ['water', 'schools', 'maps'],
      programmes: {
        early: { deadline: '2021-06-30', minParticipants: 2 },
        late: { deadline: '2030-01-01', minParticipants: 3 },
      },
      projects: {
        p1: {
          members: ['a', 'b'],
          programme: 'early',
          topics: { water: 1 },
          title: 'water pipes north',
        },
        p2: {
          members: ['c-sv', 'a'],
          programme: 'early',
          topics: { water: 1, maps: 0.5 },
          title: 'water pipes south',
        },
        p3: {
          members: ['south-d'],
          programme: 'early',
          topics: { water: 1 },
          participantsKnown: false,
        },
        p4: {
          members: ['south-d', 'south-e-sv', 'ja'],
          programme: 'late',
          topics: { schools: 1 },
          title: 'school meals',
        },
        p5: {
          members: ['f', 'g'],
          programme: 'late',
          topics: { schools: 1, maps: 0.5 },
          title: 'school meals app',
          status: 'ACTIVE',
          end: '2021-01-01',
        },
        p6: {
          members: ['a', 'b', 'f'],
          programme: 'late',
          topics: {},
          status: 'COMPLETED',
          title: 'archives',
        },
        p7: {
          members: ['g'],
          programme: 'late',
          topics: { maps: 1 },
          status: 'WITHDRAWN',
          title: 'maps',
        },
      },
      commitments: [
        { a: 'p1', b: 'p2', kind: 'JOINT_DEVELOPMENT', status: 'ACTIVE' },
        { a: 'p4', b: 'p5', kind: 'KNOWLEDGE_SHARING', status: 'PROPOSED' },
        { a: 'p1', b: 'p4', kind: 'REUSE_OF_RESULTS', status: 'FULFILLED' },
      ],
      reuse: [
        { project: 'p2', source: 'p1' },
        { project: 'p4', source: 'p1' },
        { project: 'p5', source: 'p4' },
      ],
    });
    // Facts the fixture builder does not set: grants (one unknown), populations
    // (one unknown), published application counts (one programme's unknown), a
    // named output.
    await t.db.sql(
      `UPDATE project SET grant_eur = 1000 * id, grant_is_maximum = (id % 2 = 0) WHERE id <> $1`,
      [fx.project.p3],
    );
    await t.db.sql(
      `UPDATE organisation SET population2019 = CASE WHEN name_fi = 'f' THEN NULL ELSE 1500 * id * id END WHERE kind = 'MUNICIPALITY'`,
    );
    await t.db.sql(
      `UPDATE programme SET applications_received = 9, projects_granted = 3 WHERE code = 'early'`,
    );
    await t.db.sql(
      `INSERT INTO reuse_link (project_id, source_output) VALUES ($1, 'open school menu API'), ($2, 'open school menu API')`,
      [fx.project.p5, fx.project.p6],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('agrees with the list queries across programmes and for each', async () => {
    const all = await expectDashboardMatchesLists(t, null);
    expect(all.applications.applicationsReceived).toBeNull(); // one programme did not publish it
    await expectDashboardMatchesLists(t, 'early');
    await expectDashboardMatchesLists(t, 'late');
  }, 120_000);

  it('breaks the figures down by programme with the same values as each programme alone', async () => {
    const res = await t.gql(`{ dashboard { byProgramme { ${DASHBOARD_FIELDS} } } }`);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.dashboard.byProgramme as { programme: { code: string } }[];
    expect(rows.map((r) => r.programme.code)).toEqual(['early', 'late']);
    for (const row of rows) {
      const alone = await t.gql(
        `query($p: String) { dashboard(programme: $p) { ${DASHBOARD_FIELDS} } }`,
        { p: row.programme.code },
      );
      expect(row).toEqual(alone.data!.dashboard);
    }
  });

  it('counts a new commitment once it is recorded', async () => {
    const before = (
      await t.gql(`{ dashboard(programme: "late") { cooperation { commitments committedPairs } } }`)
    ).data!.dashboard.cooperation;
    await t.db.sql(
      `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, status, provenance) VALUES ($1, $2, 'JOINT_PROCUREMENT', 'ACTIVE', 'DECLARED')`,
      [Math.min(fx.project.p4, fx.project.p5), Math.max(fx.project.p4, fx.project.p5)],
    );
    const after = (
      await t.gql(`{ dashboard(programme: "late") { cooperation { commitments committedPairs } } }`)
    ).data!.dashboard.cooperation;
    expect(after.commitments).toBe(before.commitments + 1);
    await expectDashboardMatchesLists(t, 'late');
  }, 120_000);
});
