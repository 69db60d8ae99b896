import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toGlobalId } from '../src/common/global-id';
import { startTestApp, TestApp } from './support/test-app';
import { issueTestToken } from './support/tokens';

/**
 * The figures kept at write time against the live SQL (the reference): random
 * sequences of mutations over HTTP, and of plain SQL writes the triggers must
 * also see, then every figure of every scope compared. Also: every bucket's
 * label belongs to its bucket, population classes come in numeric order, and
 * the compliance headline keeps NO_COMPLETION_RECORDED apart.
 */

const AS_OF = ['2019-06-01', '2021-12-01', '2024-01-01', '2031-01-01'];
// 0.3 and 0.45 from the kept list of similar pairs; 0.05, below its floor, scored live.
const THRESHOLDS = [0.3, 0.45, 0.05];
const KINDS = ['JOINT_DEVELOPMENT', 'JOINT_PROCUREMENT', 'KNOWLEDGE_SHARING', 'REUSE_OF_RESULTS'];
const STATUSES = ['GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'];
const MOVES = ['ACTIVE', 'FULFILLED', 'WITHDRAWN', 'LAPSED'];

/** One write: an index picks among the rows that exist when it runs. */
type Command =
  | {
      op: 'createProject';
      programme: number;
      status: number;
      category: boolean;
      members: number[];
      topics: number[];
      grant: number | null;
      known: boolean;
      end: number | null;
    }
  | {
      op: 'updateProject';
      project: number;
      status?: number;
      grant?: number | null;
      known?: boolean;
      end?: number | null;
    }
  | { op: 'addParticipant'; project: number; organisation: number }
  | { op: 'removeParticipant'; project: number; organisation: number }
  | { op: 'setTopics'; project: number; topics: number[] }
  | { op: 'recordCommitment'; a: number; b: number; kind: number; active: boolean }
  | { op: 'changeCommitment'; commitment: number; status: number }
  | { op: 'jointAuthority'; members: number[] }
  | { op: 'sqlPopulation'; organisation: number; population: number | null }
  | { op: 'sqlRegion'; organisation: number; region: number }
  | { op: 'sqlProgramme'; programme: number; minParticipants: number }
  | { op: 'sqlTitle'; project: number; words: number[] }
  | { op: 'sqlReuse'; project: number; source: number; named: boolean }
  | { op: 'sqlUnreuse'; link: number }
  | { op: 'sqlDeleteProject'; project: number };

const index = fc.nat({ max: 10_000 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('createProject' as const),
    programme: index,
    status: fc.nat({ max: 3 }),
    category: fc.boolean(),
    members: fc.uniqueArray(index, { minLength: 1, maxLength: 4 }),
    topics: fc.uniqueArray(index, { maxLength: 3 }),
    grant: fc.option(fc.integer({ min: 0, max: 500_000 })),
    known: fc.boolean(),
    end: fc.option(fc.integer({ min: 0, max: 4000 })),
  }),
  fc.record(
    {
      op: fc.constant('updateProject' as const),
      project: index,
      status: fc.nat({ max: 3 }),
      grant: fc.option(fc.integer({ min: 0, max: 500_000 })),
      known: fc.boolean(),
      end: fc.option(fc.integer({ min: 0, max: 4000 })),
    },
    { requiredKeys: ['op', 'project'] },
  ),
  fc.record({ op: fc.constant('addParticipant' as const), project: index, organisation: index }),
  fc.record({
    op: fc.constant('removeParticipant' as const),
    project: index,
    organisation: index,
  }),
  fc.record({
    op: fc.constant('setTopics' as const),
    project: index,
    topics: fc.uniqueArray(index, { maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('recordCommitment' as const),
    a: index,
    b: index,
    kind: fc.nat({ max: 3 }),
    active: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('changeCommitment' as const),
    commitment: index,
    status: fc.nat({ max: 3 }),
  }),
  fc.record({
    op: fc.constant('jointAuthority' as const),
    members: fc.uniqueArray(index, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('sqlPopulation' as const),
    organisation: index,
    population: fc.option(fc.integer({ min: 0, max: 700_000 })),
  }),
  fc.record({ op: fc.constant('sqlRegion' as const), organisation: index, region: index }),
  fc.record({
    op: fc.constant('sqlProgramme' as const),
    programme: index,
    minParticipants: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    op: fc.constant('sqlTitle' as const),
    project: index,
    words: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    op: fc.constant('sqlReuse' as const),
    project: index,
    source: index,
    named: fc.boolean(),
  }),
  fc.record({ op: fc.constant('sqlUnreuse' as const), link: index }),
  fc.record({ op: fc.constant('sqlDeleteProject' as const), project: index }),
);

/** Title words for sqlTitle: few, so that titles come to resemble each other. */
const WORDS = ['digitalisering', 'kommun', 'tjänst', 'data', 'samarbete', 'plattform'];

const day = (n: number) =>
  new Date(Date.UTC(2019, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('dashboard figures kept at write time', () => {
  let t: TestApp;
  let admin: string;
  const sql = <T = Record<string, any>>(text: string, params?: unknown[]) =>
    t.db.sql<T>(text, params);
  const ids = async (text: string) => (await sql<{ id: number }>(text)).map((r) => r.id);
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  let seededMax = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await issueTestToken(t.db, { role: 'ADMIN' })).token;
    [{ seededMax }] = await sql<{ seededMax: number }>(
      `SELECT coalesce(max(id), 0) AS "seededMax" FROM project`,
    );
    // A second programme, so that commitments and participants cross programmes.
    await sql(
      `INSERT INTO programme (code, name_fi, name_sv, name_en, decided_year, min_participants,
         completion_deadline, reuse_duty, cooperation_duty)
       VALUES ('second', 'Toinen', 'Andra', 'Second', 2022, 3, DATE '2026-06-30', true, true)`,
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** `npm run dashboard:verify` on the suite's database (the built script). */
  const expectEqual = async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(__dirname, '..', 'dist', 'scripts', 'dashboard-verify.js'),
        '--json',
        '--as-of',
        AS_OF.join(','),
        '--threshold',
        THRESHOLDS.join(','),
      ],
      { env: { ...process.env, DATABASE_URL: t.db.url } },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      scopes: number;
      figures: number;
      differences: unknown[];
    };
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int + 1 AS n FROM programme`);
    expect(report.scopes).toBe(n);
    expect(report.figures).toBeGreaterThan(100);
    expect(report.differences).toEqual([]);
  };

  /** Runs one command; a refused write (rule, conflict) is fine, a server error is not. */
  const run = async (c: Command): Promise<void> => {
    const projects = await ids(`SELECT id FROM project ORDER BY id`);
    const organisations = await ids(
      `SELECT id FROM organisation WHERE merged_into_id IS NULL ORDER BY id`,
    );
    const municipalities = await ids(
      `SELECT id FROM organisation WHERE kind = 'MUNICIPALITY' ORDER BY id`,
    );
    const topics = await ids(`SELECT id FROM topic ORDER BY id`);
    const programmes = await ids(`SELECT id FROM programme ORDER BY id`);
    const version = async (id: number) =>
      (await sql<{ version: number }>(`SELECT version FROM project WHERE id = $1`, [id]))[0]
        .version;
    const org = (i: number) => {
      const id = pick(organisations, i);
      return toGlobalId(municipalities.includes(id) ? 'Municipality' : 'JointAuthority', id);
    };
    let query = '';
    let input: Record<string, unknown> = {};
    switch (c.op) {
      case 'createProject':
        query = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
        input = {
          programme: toGlobalId('Programme', pick(programmes, c.programme)),
          category: c.category ? 'E_SERVICES' : 'OTHER',
          titleSv: `Projekt ${c.members.join(' ')} ${c.topics.join(' ')}`,
          status: STATUSES[c.status],
          participants: c.members.map((m, i) => ({
            organisation: org(m),
            role: i === 0 ? 'LEAD' : 'PARTNER',
          })),
          topics: [...new Set(c.topics.map((x) => pick(topics, x)))].map((x) =>
            toGlobalId('Topic', x),
          ),
          grantEur: c.grant,
          participantsKnown: c.known,
          endDate: c.end === null ? null : day(c.end),
          deadlineOverrideReason: 'generated test project',
        };
        break;
      case 'updateProject': {
        const id = pick(projects, c.project);
        query = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id } }`;
        input = {
          project: toGlobalId('Project', id),
          version: await version(id),
          ...(c.status !== undefined ? { status: STATUSES[c.status] } : {}),
          ...(c.grant !== undefined ? { grantEur: c.grant } : {}),
          ...(c.known !== undefined ? { participantsKnown: c.known } : {}),
          ...(c.end !== undefined
            ? {
                endDate: c.end === null ? null : day(c.end),
                deadlineOverrideReason: 'generated test change',
              }
            : {}),
        };
        break;
      }
      case 'addParticipant': {
        const id = pick(projects, c.project);
        query = `mutation($input: AddParticipantInput!) { addParticipant(input: $input) { id } }`;
        input = {
          project: toGlobalId('Project', id),
          participant: { organisation: org(c.organisation), role: 'PARTNER' },
        };
        break;
      }
      case 'removeParticipant': {
        const id = pick(projects, c.project);
        const partners = await ids(
          `SELECT organisation_id AS id FROM participation WHERE project_id = ${id} AND role = 'PARTNER' ORDER BY 1`,
        );
        if (!partners.length) return;
        const o = pick(partners, c.organisation);
        query = `mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`;
        input = {
          project: toGlobalId('Project', id),
          organisation: toGlobalId(
            municipalities.includes(o) ? 'Municipality' : 'JointAuthority',
            o,
          ),
        };
        break;
      }
      case 'setTopics':
        query = `mutation($input: SetProjectTopicsInput!) { setProjectTopics(input: $input) { id } }`;
        input = {
          project: toGlobalId('Project', pick(projects, c.project)),
          topics: c.topics.map((x) => toGlobalId('Topic', pick(topics, x))),
        };
        break;
      case 'recordCommitment':
        query = `mutation($input: RecordCommitmentInput!) { recordCommitment(input: $input) { id } }`;
        input = {
          project: toGlobalId('Project', pick(projects, c.a)),
          otherProject: toGlobalId('Project', pick(projects, c.b)),
          kind: KINDS[c.kind],
          status: c.active ? 'ACTIVE' : 'PROPOSED',
        };
        break;
      case 'changeCommitment': {
        const rows = await sql<{ id: number; version: number }>(
          `SELECT id, version FROM cooperation_commitment ORDER BY id`,
        );
        if (!rows.length) return;
        const row = pick(rows, c.commitment);
        query = `mutation($input: ChangeCommitmentStatusInput!) { changeCommitmentStatus(input: $input) { id } }`;
        input = {
          commitment: toGlobalId('CooperationCommitment', row.id),
          version: row.version,
          status: MOVES[c.status],
        };
        break;
      }
      case 'jointAuthority':
        query = `mutation($input: CreateJointAuthorityInput!) { createJointAuthority(input: $input) { id } }`;
        input = {
          nameFi: `Kuntayhtymä ${c.members.join('-')}`,
          members: c.members.map((m) => toGlobalId('Municipality', pick(municipalities, m))),
        };
        break;
      case 'sqlPopulation':
        await sql(`UPDATE organisation SET population2019 = $2 WHERE id = $1`, [
          pick(municipalities, c.organisation),
          c.population,
        ]);
        return;
      case 'sqlRegion': {
        const regions = (await sql<{ code: string }>(`SELECT code FROM region ORDER BY code`)).map(
          (r) => r.code,
        );
        await sql(`UPDATE organisation SET region_code = $2 WHERE id = $1`, [
          pick(organisations, c.organisation),
          pick(regions, c.region),
        ]);
        return;
      }
      case 'sqlProgramme':
        await sql(`UPDATE programme SET min_participants = $2 WHERE id = $1`, [
          pick(programmes, c.programme),
          c.minParticipants,
        ]);
        return;
      case 'sqlTitle':
        await sql(`UPDATE project SET title_sv = $2 WHERE id = $1`, [
          pick(projects, c.project),
          c.words.map((w) => WORDS[w]).join(' '),
        ]);
        return;
      case 'sqlReuse': {
        const project = pick(projects, c.project);
        const source = pick(projects, c.source);
        if (!c.named && source === project) return;
        await sql(
          `INSERT INTO reuse_link (project_id, source_project_id, source_output) VALUES ($1, $2, $3)`,
          [project, c.named ? null : source, c.named ? WORDS[c.source % WORDS.length] : null],
        );
        return;
      }
      case 'sqlUnreuse': {
        const links = await ids(`SELECT id FROM reuse_link ORDER BY id`);
        if (links.length) await sql(`DELETE FROM reuse_link WHERE id = $1`, [pick(links, c.link)]);
        return;
      }
      case 'sqlDeleteProject':
        // Only the projects the sequences created: the seeded ones stay for the other tests.
        await sql(
          `DELETE FROM project WHERE id = (SELECT id FROM project WHERE id > $2 ORDER BY id OFFSET $1 % greatest(1, (SELECT count(*) FROM project WHERE id > $2)) LIMIT 1)`,
          [c.project, seededMax],
        );
        return;
    }
    const res = await t.gql(query, { input }, admin);
    for (const e of res.errors ?? []) {
      expect(e.extensions?.code).toBeDefined();
      expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  };

  it('are equal to the live figures on the seeded data', async () => {
    await expectEqual();
  });

  it('label every bucket with its own name and order population classes by size', async () => {
    const res = await t.gql(`{ dashboard {
      projects { byRegion { key name } byTopic { key name } byLanguageStatus { key name }
                 byCategory { key name } byStatus { key name } }
      equity { total { key name } byRegion { key name } byLanguageStatus { key name }
               byPopulationClass { key name } } } }`);
    expect(res.errors).toBeUndefined();
    const d = res.data!.dashboard;
    const regions = new Map(
      (await sql<{ code: string; name_en: string }>(`SELECT code, name_en FROM region`)).map(
        (r) => [r.code, r.name_en],
      ),
    );
    const topics = new Map(
      (await sql<{ slug: string; name_en: string }>(`SELECT slug, name_en FROM topic`)).map((r) => [
        r.slug,
        r.name_en,
      ]),
    );
    type Bucket = { key: string | null; name: string | null };
    const regionBuckets: Bucket[] = [...d.projects.byRegion, ...d.equity.byRegion];
    expect(regionBuckets.length).toBeGreaterThan(0);
    for (const b of regionBuckets) expect(b.name).toBe(regions.get(b.key!));
    for (const b of d.projects.byTopic as Bucket[]) expect(b.name).toBe(topics.get(b.key!));
    const unnamed: Bucket[] = [
      d.equity.total,
      ...d.equity.byLanguageStatus,
      ...d.equity.byPopulationClass,
      ...d.projects.byLanguageStatus,
      ...d.projects.byCategory,
      ...d.projects.byStatus,
    ];
    for (const b of unnamed) expect(b.name).toBeNull();
    expect(d.equity.total.key).toBeNull();

    const order = [
      'UNDER_2000',
      '2000_4999',
      '5000_9999',
      '10000_19999',
      '20000_49999',
      '50000_99999',
      '100000_AND_OVER',
      null,
    ];
    const keys = (d.equity.byPopulationClass as Bucket[]).map((b) => b.key);
    expect(keys.length).toBeGreaterThan(3);
    expect(keys).toEqual(order.filter((k) => keys.includes(k)));
  });

  it('keep projects whose completion is only not recorded out of the compliance headline', async () => {
    const [programme] = await ids(`SELECT id FROM programme ORDER BY id LIMIT 1`);
    const code = (
      await sql<{ code: string }>(`SELECT code FROM programme WHERE id = $1`, [programme])
    )[0].code;
    const rows = await sql<{
      status: string;
      overdue: boolean;
      too_few: boolean;
    }>(
      `SELECT p.status, coalesce(p.end_date, pr.completion_deadline) < DATE '2031-01-01'
                AND p.status IN ('GRANTED', 'ACTIVE') AS overdue,
              p.status <> 'WITHDRAWN' AND p.participants_known
                AND (SELECT count(*) FROM participation pa WHERE pa.project_id = p.id) < pr.min_participants AS too_few
       FROM project p JOIN programme pr ON pr.id = p.programme_id WHERE p.programme_id = $1`,
      [programme],
    );
    const res = await t.gql(
      `query($p: String) { dashboard(programme: $p) { compliance(asOf: "2031-01-01", threshold: 1) {
        outOfCompliance completionNotRecorded overdue overdueNotCompleted overdueNoCompletionRecorded
        tooFewParticipants inUncommittedSimilarPairs } } }`,
      { p: code },
    );
    expect(res.errors).toBeUndefined();
    const c = res.data!.dashboard.compliance;
    const granted = rows.filter((r) => r.overdue && r.status === 'GRANTED');
    expect(granted.length).toBeGreaterThan(0);
    expect(c.overdueNoCompletionRecorded).toBe(granted.length);
    expect(c.overdueNotCompleted).toBe(
      rows.filter((r) => r.overdue && r.status === 'ACTIVE').length,
    );
    expect(c.overdue).toBe(c.overdueNotCompleted + c.overdueNoCompletionRecorded);
    // threshold 1: only identical titles and topics would pair, and the real titles differ.
    expect(c.inUncommittedSimilarPairs).toBe(0);
    expect(c.outOfCompliance).toBe(
      rows.filter((r) => r.too_few || (r.overdue && r.status === 'ACTIVE')).length,
    );
    expect(c.completionNotRecorded).toBe(
      rows.filter((r) => !r.too_few && r.overdue && r.status === 'GRANTED').length,
    );
    expect(c.outOfCompliance).toBeLessThan(rows.length);
  });

  it('stay equal to the live figures after random sequences of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        for (const c of commands) await run(c);
        await expectEqual();
      }),
      { numRuns: 12, seed: 14, endOnFailure: true },
    );
    // The sequences did write: projects, commitments and participants beyond the seed.
    const [counts] = await sql<{ projects: number; commitments: number }>(
      `SELECT (SELECT count(*) FROM project)::int AS projects,
              (SELECT count(*) FROM cooperation_commitment)::int AS commitments`,
    );
    expect(counts.projects).toBeGreaterThan(27);
    expect(counts.commitments).toBeGreaterThan(0);
    // The pair figures were read from a kept list that had pairs in it, and reuse from its tables.
    const [kept] = await sql<{ pairs: number; outputs: number }>(
      `SELECT (SELECT count(*) FROM dashboard_similar_pair)::int AS pairs,
              (SELECT count(*) FROM dashboard_reuse_output)::int AS outputs`,
    );
    expect(kept.pairs).toBeGreaterThan(0);
    expect(kept.outputs).toBeGreaterThan(0);
  }, 600_000);

  /** Everything kept, in a comparable form (counters summed over their slots). */
  const keptState = async () => ({
    counts: await sql(
      `SELECT k, dim, key, sum(n)::text AS n, sum(amount)::text AS amount FROM dashboard_count
       GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3`,
    ),
    pairs: await sql(`SELECT programme_id, a, b, score FROM dashboard_similar_pair ORDER BY a, b`),
    // A programme without a row has had no project written since the rebuild: it is kept.
    pairProgrammes: await sql(
      `SELECT pr.id, coalesce(m.maintained, true) AS maintained FROM programme pr
       LEFT JOIN dashboard_pair_programme m ON m.programme_id = pr.id ORDER BY pr.id`,
    ),
    reuseOutputs: await sql(`SELECT * FROM dashboard_reuse_output ORDER BY k, output`),
    reuseProjects: await sql(`SELECT * FROM dashboard_reuse_project ORDER BY k, project_id`),
  });

  it('are rebuilt from the tables to the same values', async () => {
    const before = await keptState();
    await sql(`SELECT dashboard_rebuild()`);
    const after = await keptState();
    expect(after.counts.length).toBeGreaterThan(50);
    expect(after.pairs.length).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });

  it('are rebuilt when a counted table is truncated', async () => {
    const figures = async () =>
      (
        await t.gql(`{ dashboard { participation { participations }
          cooperation { commitments similarPairs } reuse { links } } }`)
      ).data!.dashboard;
    const before = await figures();
    expect(before.participation.participations).toBeGreaterThan(0);
    expect(before.cooperation.commitments).toBeGreaterThan(0);
    expect(before.reuse.links).toBeGreaterThan(0);
    await sql(`TRUNCATE reuse_link, cooperation_commitment CASCADE`);
    await expectEqual();
    const afterLinks = await figures();
    expect(afterLinks.reuse.links).toBe(0);
    expect(afterLinks.cooperation.commitments).toBe(0);
    expect(afterLinks.participation.participations).toBe(before.participation.participations);
    await sql(`TRUNCATE participation, project_topic`);
    await expectEqual();
    const after = await figures();
    expect(after.participation.participations).toBe(0);
    expect(after.cooperation.similarPairs).toBe(0);
  });
});
