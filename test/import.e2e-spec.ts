import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readDataset } from '../src/seed/dataset-files';
import { expectErrorCode, GraphQLResponse, startTestApp, TestApp } from './support/test-app';
import { issueTestToken } from './support/tokens';

const run = promisify(execFile);
const IMPORT_SCRIPT = join(__dirname, '..', 'dist', 'scripts', 'import.js');

const IMPORT = `mutation($i: ImportGrantDecisionsInput!) { importGrantDecisions(input: $i) {
  dryRun projectCount participantCount topicCount projectIds
  source { key title url publisher publishedOn note } } }`;
const HEADER =
  'category,list_position,title_sv,lead,partners,grant_eur,grant_is_maximum,status,end_date,topics,description';
const SOURCE = {
  url: 'https://example.org/synthetic-decision.pdf',
  title: 'Synthetic test decision (not a real document)',
  publisher: 'kuntaverkko tests',
  publishedOn: '2020-05-25',
};

/**
 * The CSV import over HTTP and from the command line, on the seeded dataset.
 * Every file is synthetic, made here and labelled so in its titles; list
 * positions from 101 up do not clash with the 27 real projects.
 */
describe('grant decision import', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let programme: string;
  let position = 100;
  let serial = 0;

  /** A synthetic file of these rows; every file is different, so each gets its own source key. */
  function file(rows: string[]): string {
    serial++;
    return [HEADER, ...rows.map((r) => r.replaceAll('#', String(serial)))].join('\n') + '\n';
  }
  /** A good row: a GRANTED project led by Turku with two partners and a topic. */
  const good = () =>
    `OTHER,${++position},SYNTHETIC test project # at ${position},853,091;092,50000,true,,2021-06-30,e-services,`;

  const sourceKey = (csv: string) =>
    `import-${createHash('sha256').update(csv, 'utf8').digest('hex').slice(0, 12)}`;
  const counts = async () =>
    (
      await t.db.sql(`SELECT (SELECT count(*) FROM project)::int AS projects,
        (SELECT count(*) FROM participation)::int AS participations,
        (SELECT count(*) FROM project_topic)::int AS "projectTopics",
        (SELECT count(*) FROM audit_event)::int AS audits,
        (SELECT count(*) FROM source)::int AS sources`)
    )[0];
  const importCsv = (csv: string, token: string | undefined, extra: object = {}) =>
    t.gql(IMPORT, { i: { programme, csv, source: SOURCE, ...extra } }, token);

  function ok<T = any>(res: GraphQLResponse): T {
    expect(res.errors).toBeUndefined();
    return res.data!.importGrantDecisions as T;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await issueTestToken(t.db, { role: 'ADMIN', name: 'Import admin' })).token;
    coordinator = (await issueTestToken(t.db, { role: 'COORDINATOR', municipalities: ['853'] }))
      .token;
    programme = (await t.gql(`{ programme(code: "vm-digi-joint-2019") { id } }`)).data!.programme
      .id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('imports every row of a good file, each project with its audit row and its source', async () => {
    const csv = file([
      good(),
      `E_SERVICES,${++position},"SYNTHETIC test project # ""quoted""",858,505,,,ACTIVE,,customer-service e-participation,"Synthetic description,
over two lines"`,
      `OTHER,,SYNTHETIC test project # without a position,638,,,,,,,`,
    ]);
    const before = await counts();
    const result = ok(await importCsv(csv, admin));
    const key = sourceKey(csv);
    expect(result).toEqual({
      dryRun: false,
      projectCount: 3,
      participantCount: 3 + 2 + 1,
      topicCount: 3,
      projectIds: [expect.any(String), expect.any(String), expect.any(String)],
      source: {
        ...SOURCE,
        key,
        note: expect.stringMatching(
          /^Imported with importGrantDecisions from a CSV file with SHA-256 [0-9a-f]{64}\.$/,
        ),
      },
    });
    expect(await counts()).toEqual({
      ...before,
      projects: before.projects + 3,
      participations: before.participations + 6,
      projectTopics: before.projectTopics + 3,
      audits: before.audits + 3,
      sources: before.sources + 1,
    });

    const res = await t.gql(
      `query($id: ID!) { project(id: $id) { titleSv category listPosition status grantEur grantIsMaximum
        endDate description participantsKnown provenance { fact source { key } }
        participants { role organisation { ... on Municipality { code } } source { key } }
        topics { slug } } }`,
      { id: result.projectIds[1] },
    );
    expect(res.data!.project).toMatchObject({
      titleSv: `SYNTHETIC test project ${serial} "quoted"`,
      category: 'E_SERVICES',
      listPosition: position,
      status: 'ACTIVE',
      grantEur: null,
      grantIsMaximum: false,
      endDate: null,
      description: 'Synthetic description,\nover two lines',
      participantsKnown: false,
      participants: [
        { role: 'LEAD', organisation: { code: '858' }, source: { key } },
        { role: 'PARTNER', organisation: { code: '505' }, source: { key } },
      ],
    });
    expect(res.data!.project.topics.map((x: { slug: string }) => x.slug).sort()).toEqual([
      'customer-service',
      'e-participation',
    ]);
    expect(res.data!.project.provenance).toEqual([
      { fact: 'category', source: { key } },
      { fact: 'description', source: { key } },
      { fact: 'listPosition', source: { key } },
      { fact: 'status', source: { key } },
      { fact: 'titleSv', source: { key } },
    ]);

    const audits = await t.db.sql(
      `SELECT actor_name, actor_role, operation, entity_type, entity_id, before, after
         FROM audit_event WHERE operation = 'importGrantDecisions' ORDER BY id`,
    );
    expect(audits).toHaveLength(3);
    expect(audits.map((a) => a.entity_id)).toEqual(
      result.projectIds.map((id: string) =>
        Number(Buffer.from(id, 'base64url').toString().split(':')[1]),
      ),
    );
    expect(audits[0]).toMatchObject({
      actor_name: 'Import admin',
      actor_role: 'ADMIN',
      entity_type: 'Project',
      before: null,
      after: { titleSv: expect.stringContaining('SYNTHETIC'), grantEur: 50000 },
    });
  });

  it('writes nothing when one row among good ones is bad, and names its line', async () => {
    const csv = file([
      good(),
      `OTHER,${++position},"SYNTHETIC test project #,
with a title over two lines",853,,,,,,,`,
      `OTHER,${++position},SYNTHETIC test project # with an unknown lead,999,091,,,,,,`,
      good(),
    ]);
    const before = await counts();
    const error = expectErrorCode(await importCsv(csv, admin), 'BAD_USER_INPUT');
    expect(error.message).toBe('1 row of the file is invalid; nothing was imported');
    expect(error.extensions!.rows).toEqual([
      { line: 5, column: 'lead', message: 'no municipality or joint authority has the code 999' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('reports every bad row at once: form, codes, slugs, taken positions and programme rules', async () => {
    const csv = file([
      `OTHER,14,SYNTHETIC test project # on a taken position,853,,,,,,,`,
      good(),
      `OTHER,${++position},SYNTHETIC test project # active alone,853,,,,ACTIVE,,,`,
      `OTHER,${++position},SYNTHETIC test project # ends late,853,091,,,,2022-01-31,,`,
      `OTHER,${++position},SYNTHETIC test project # on an unknown topic,853,,,,,,no-such-topic,`,
      `OTHER,${position},SYNTHETIC test project # twice on one position,853,,,,,,,`,
      `E_SERVICE,x,,85,,,,,,,`,
    ]);
    const before = await counts();
    const error = expectErrorCode(await importCsv(csv, admin), 'BAD_USER_INPUT');
    expect(error.message).toBe('6 rows of the file are invalid; nothing was imported');
    const rows = error.extensions!.rows as { line: number; column?: string; rule?: string }[];
    expect(rows.map((r) => [r.line, r.column, r.rule])).toEqual([
      [2, 'list_position', undefined],
      [4, 'partners', 'MIN_PARTICIPANTS'],
      [5, 'end_date', 'DEADLINE'],
      [6, 'topics', undefined],
      [7, 'list_position', undefined],
      [8, 'category', undefined],
      [8, 'list_position', undefined],
      [8, 'lead', undefined], // an empty title is unknown, not an error
    ]);
    expect(await counts()).toEqual(before);
  });

  it('is for admins only: a coordinator is FORBIDDEN, no token is UNAUTHENTICATED', async () => {
    const csv = file([good()]);
    const before = await counts();
    expectErrorCode(await importCsv(csv, coordinator), 'FORBIDDEN');
    expectErrorCode(await importCsv(csv, undefined), 'UNAUTHENTICATED');
    // Even a bad file tells them nothing but that.
    expectErrorCode(await importCsv('nonsense', coordinator), 'FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('a dry run checks everything, reports what it would create and writes nothing', async () => {
    const csv = file([good(), good()]);
    const before = await counts();
    expect(ok(await importCsv(csv, admin, { dryRun: true }))).toMatchObject({
      dryRun: true,
      projectCount: 2,
      participantCount: 6,
      topicCount: 2,
      projectIds: [],
      source: { key: sourceKey(csv) },
    });
    expect(await counts()).toEqual(before);
    const bad = expectErrorCode(
      await importCsv(file([good(), 'OTHER,,SYNTHETIC #,000,,,,,,,']), admin, { dryRun: true }),
      'BAD_USER_INPUT',
    );
    expect(bad.extensions!.rows).toEqual([expect.objectContaining({ line: 3, column: 'lead' })]);
    // The dry run left nothing behind, so the real import of the same file goes through.
    expect(ok(await importCsv(csv, admin)).projectIds).toHaveLength(2);
  });

  it('refuses the same file twice, and replays a retry with the same idempotency key', async () => {
    const csv = file([good()]);
    const first = ok(await importCsv(csv, admin, { idempotencyKey: `import-retry-${serial}` }));
    const before = await counts();
    expect(ok(await importCsv(csv, admin, { idempotencyKey: `import-retry-${serial}` }))).toEqual(
      first,
    );
    const again = expectErrorCode(await importCsv(csv, admin), 'CONFLICT');
    expect(again.message).toBe(`This file was already imported (source ${sourceKey(csv)})`);
    expect(await counts()).toEqual(before);
  });

  it('checks the arguments: the programme id and the source', async () => {
    const csv = file([good()]);
    const badSource = expectErrorCode(
      await importCsv(csv, admin, { source: { ...SOURCE, url: 'not a url' } }),
      'BAD_USER_INPUT',
    );
    expect(badSource.extensions!.argument).toBe('input.source.url');
    const badProgramme = expectErrorCode(
      await importCsv(csv, admin, { programme: Buffer.from('Topic:1').toString('base64url') }),
      'BAD_USER_INPUT',
    );
    expect(badProgramme.extensions!.argument).toBe('input.programme');
    expectErrorCode(
      await importCsv(csv, admin, {
        programme: Buffer.from('Programme:999').toString('base64url'),
      }),
      'NOT_FOUND',
    );
  });

  describe('npm run import', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kuntaverkko-import-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    /** Runs the built CLI (what `npm run import` runs) against the suite's database. */
    async function cli(csv: string, ...args: string[]) {
      const path = join(dir, `decisions-${serial}.csv`);
      writeFileSync(path, csv);
      const argv = [
        path,
        ...(args.includes('--programme') ? [] : ['--programme', 'vm-digi-joint-2019']),
        ...args,
      ];
      try {
        const { stdout, stderr } = await run(process.execPath, [IMPORT_SCRIPT, ...argv], {
          env: { ...process.env, DATABASE_URL: t.db.url, USER: 'importer' },
        });
        return { code: 0, stdout, stderr, path };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr, path };
      }
    }
    const sourceArgs = ['--source-url', SOURCE.url, '--source-title', SOURCE.title];

    it('imports a file, recorded in the audit trail as cli:<user>', async () => {
      const csv = file([good(), good()]);
      const before = await counts();
      const out = await cli(csv, ...sourceArgs, '--source-date', '2020-05-25');
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(
        /^imported 2 projects \(6 participants, 2 topics\) from .*decisions-\d+\.csv into vm-digi-joint-2019\n/,
      );
      expect(out.stdout).toContain(`source: ${sourceKey(csv)}`);
      expect(await counts()).toMatchObject({
        projects: before.projects + 2,
        audits: before.audits + 2,
        sources: before.sources + 1,
      });
      const audits = await t.db.sql(
        `SELECT actor_token_id, actor_name, actor_role FROM audit_event ORDER BY id DESC LIMIT 2`,
      );
      expect(audits).toEqual([
        { actor_token_id: null, actor_name: 'cli:importer', actor_role: 'ADMIN' },
        { actor_token_id: null, actor_name: 'cli:importer', actor_role: 'ADMIN' },
      ]);
      const [source] = await t.db.sql(`SELECT url, published_on::text FROM source WHERE key = $1`, [
        sourceKey(csv),
      ]);
      expect(source).toEqual({ url: SOURCE.url, published_on: '2020-05-25' });
    });

    it('prints each bad row as file:line, writes nothing and exits with 2', async () => {
      const csv = file([
        good(),
        `OTHER,${++position},"SYNTHETIC test project #
over two lines",853,,,,ACTIVE,,,`,
        good(),
        `OTHER,${++position},SYNTHETIC test project #,853,,,,,,bad_slug,`,
      ]);
      const before = await counts();
      const out = await cli(csv, ...sourceArgs);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toEqual([
        `${out.path}:3: partners: A project that is ACTIVE needs at least 2 participants; it has 1`,
        `${out.path}:6: topics: "bad_slug" is not a topic slug (lower-case-kebab)`,
        `${out.path}: 2 rows of the file are invalid; nothing was imported`,
      ]);
      expect(await counts()).toEqual(before);
    });

    it('a dry run writes nothing; a bad command line is a usage error', async () => {
      const before = await counts();
      const dry = await cli(file([good()]), ...sourceArgs, '--dry-run');
      expect(dry).toMatchObject({ code: 0, stderr: '' });
      expect(dry.stdout).toMatch(/^dry run: .* would import 1 project .*; nothing was written\n$/);
      const usage = await cli(file([good()]), '--source-url', 'ftp://example.org/x');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(
        /--source-url must be an http\(s\) URL\n--source-title is required\n/,
      );
      expect(await counts()).toEqual(before);
    });

    it('loads the example file of docs/import.md into the 2020 round: the same rows as data/', async () => {
      // The example transcribes the dataset's 2020 rows, so it is tried where they are not loaded yet.
      const round = readDataset().projects.filter((p) => p.programmeCode === 'vm-digi-2020');
      await t.db.sql(`DELETE FROM project WHERE dataset_key LIKE 'vm-digi-2020/%'`);
      const example = readFileSync(
        join(__dirname, '..', 'docs', 'examples', 'decisions-vm-digi-2020.csv'),
        'utf8',
      );
      const out = await cli(
        example,
        '--programme',
        'vm-digi-2020',
        '--source-url',
        'https://vm.fi/sv/-/finansministeriet-beviljade-2020-ars-understod-for-kommunernas-digitaliseringsprojekt',
        '--source-title',
        'Finansministeriet beviljade 2020 års understöd för kommunernas digitaliseringsprojekt',
      );
      expect(out.stderr).toBe('');
      expect(out.stdout).toContain(`imported ${round.length} projects`);
      const imported = await t.db.sql(
        `SELECT p.title_sv, p.title_fi, p.grant_eur::text, p.grant_is_maximum, p.participants_known,
                p.period, p.start_date::text, p.end_date::text, p.list_position,
                (SELECT o.code FROM participation x JOIN organisation o ON o.id = x.organisation_id
                  WHERE x.project_id = p.id AND x.role = 'LEAD') AS lead,
                (SELECT array_agg(o.code ORDER BY o.code) FROM participation x JOIN organisation o ON o.id = x.organisation_id
                  WHERE x.project_id = p.id AND x.role = 'PARTNER') AS partners,
                (SELECT array_agg(DISTINCT s.url) FROM participation x JOIN source s ON s.key = x.source_key
                  WHERE x.project_id = p.id) AS cited
         FROM project p JOIN programme pr ON pr.id = p.programme_id
         WHERE pr.code = 'vm-digi-2020' ORDER BY p.id`,
      );
      const data = readDataset();
      const code = (key: string, role: string) =>
        data.participants
          .filter((x) => x.projectKey === key && x.role === role)
          .map((x) => x.municipalityCode)
          .sort();
      expect(imported).toEqual(
        round.map((p) => ({
          title_sv: p.titleSv,
          title_fi: p.titleFi,
          grant_eur: p.grantEur === null ? null : `${p.grantEur}.00`,
          grant_is_maximum: p.grantIsMaximum,
          participants_known: p.participantsKnown,
          period: p.period,
          start_date: p.startDate,
          end_date: p.endDate,
          list_position: p.listPosition,
          lead: code(p.key, 'LEAD')[0],
          partners: code(p.key, 'PARTNER').length ? code(p.key, 'PARTNER') : null,
          cited: expect.any(Array),
        })),
      );
      // Rows cite the pages they come from, and an address the dataset knows keeps its source.
      for (const row of imported as { cited: string[] }[])
        for (const url of row.cited) expect(data.sources.map((s) => s.url)).toContain(url);
    });
  });
});
