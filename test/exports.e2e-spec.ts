import { parse } from 'csv-parse/sync';
import { elements, parseStrictXml } from './support/strict-xml';
import { startTestApp, TestApp } from './support/test-app';
import { readDataset } from '../src/seed/dataset-files';

/**
 * The downloads of docs/exports.md against the GraphQL queries they mirror:
 * for each filter the test pages through `projects` (or asks `network`) and
 * expects the same rows, in the same order, with the same values.
 */
describe('exports (CSV, GraphML, GEXF) over HTTP', () => {
  let t: TestApp;
  // Enough projects that an export spans three of its 500-project pages.
  const EXTRA_PROJECTS = 1100;

  beforeAll(async () => {
    // Dozens of downloads at 1,000 points each: metering is tested in limits.e2e-spec.ts.
    t = await startTestApp({ env: { RATE_LIMIT_POINTS: '0' } });
    const sql = <T = Record<string, any>>(text: string, params?: unknown[]) =>
      t.db.sql<T>(text, params);
    await sql(`INSERT INTO programme (code, name_fi, name_sv, name_en, completion_deadline, min_participants,
      reuse_duty, cooperation_duty) VALUES ('export-paging', 'Vientiohjelma', 'Exportprogram', 'Export programme',
      '2030-12-31', 1, false, true)`);
    // A joint authority whose Swedish name is not known.
    await sql(`INSERT INTO organisation (kind, name_fi, source_key)
      VALUES ('JOINT_AUTHORITY', 'Vientikuntayhtymä', 'vm-press-release-2020')`);
    // Titles in Finnish for some, grants for some (one with cents), dates and statuses varied.
    await sql(
      `INSERT INTO project (programme_id, category, title_sv, title_fi, status, start_date, grant_eur, grant_is_maximum, participants_known)
       SELECT (SELECT id FROM programme WHERE code = 'export-paging'),
         CASE WHEN i % 2 = 0 THEN 'E_SERVICES' ELSE 'OTHER' END::project_category,
         'Exportprojekt ' || i || CASE WHEN i % 7 = 0 THEN ', "citat"' ELSE '' END,
         CASE WHEN i % 2 = 0 THEN 'Vientihanke ' || i END,
         CASE WHEN i % 3 = 0 THEN 'ACTIVE' ELSE 'GRANTED' END::project_status,
         CASE WHEN i % 4 = 0 THEN DATE '2021-01-01' + i END,
         CASE WHEN i % 5 = 0 THEN i * 1000 + 0.5 END,
         i % 10 = 0, i % 2 = 1
       FROM generate_series(1, $1) i`,
      [EXTRA_PROJECTS],
    );
    await sql(
      `INSERT INTO participation (project_id, organisation_id, role, source_key)
       SELECT p.id, (SELECT id FROM organisation WHERE kind = 'MUNICIPALITY' ORDER BY id OFFSET p.id % 40 LIMIT 1),
         'LEAD', 'vm-press-release-2020'
       FROM project p JOIN programme pr ON pr.id = p.programme_id WHERE pr.code = 'export-paging'`,
    );
    await sql(
      `INSERT INTO participation (project_id, organisation_id, role, source_key)
       SELECT p.id, (SELECT id FROM organisation WHERE kind = 'JOINT_AUTHORITY' AND name_fi = 'Vientikuntayhtymä'), 'PARTNER', 'vm-press-release-2020'
       FROM project p JOIN programme pr ON pr.id = p.programme_id WHERE pr.code = 'export-paging' AND p.id % 3 = 0`,
    );
    await sql(
      `INSERT INTO project_topic (project_id, topic_id, source_key)
       SELECT p.id, (SELECT id FROM topic WHERE slug = 'knowledge-based-management'), 'vm-press-release-2020'
       FROM project p JOIN programme pr ON pr.id = p.programme_id WHERE pr.code = 'export-paging' AND p.id % 5 = 0`,
    );
    // Commitments: one across two export pages, one inside a page, one from the new
    // programme to the real dataset, and one between real projects with awkward text.
    const ids = (await sql<{ id: number }>(`SELECT id FROM project ORDER BY id`)).map((r) => r.id);
    const pair = (i: number, j: number) => [Math.min(ids[i], ids[j]), Math.max(ids[i], ids[j])];
    // The export projects come after the real ones.
    const x = (k: number) => readDataset().projects.length + k;
    for (const [[a, b], kind, note] of [
      [pair(x(13), x(873)), 'KNOWLEDGE_SHARING', null],
      [pair(x(13), x(14)), 'JOINT_DEVELOPMENT', null],
      [pair(3, x(573)), 'REUSE_OF_RESULTS', null],
      [pair(1, 2), 'JOINT_PROCUREMENT', 'Gemensam upphandling, "fas 1"\nsedan fas 2'],
    ] as const) {
      await sql(
        `INSERT INTO cooperation_commitment (project_a_id, project_b_id, kind, status, provenance, note, committed_on, verified_at)
         VALUES ($1, $2, $3, 'ACTIVE', 'VERIFIED', $4, '2021-03-04', '2021-03-05T10:00:00Z')`,
        [a, b, kind, note],
      );
    }
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string) => fetch(`${t.baseUrl}${path}`);

  /** Status, headers, raw bytes and the parsed rows (header row first) of a CSV download. */
  async function csv(path: string) {
    const res = await get(path);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    const rows: string[][] = res.ok ? parse(text.slice(1)) : [];
    const records = rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
    return { res, bytes, header: rows[0], records };
  }

  const PROJECTS = `query($filter: ProjectFilter, $after: String) {
    projects(first: 100, after: $after, filter: $filter) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        id titleSv titleFi titleEn category status startDate grantEur grantKnown grantIsMaximum participantsKnown
        programme { code nameFi nameSv }
        participants { role organisation { id nameFi nameSv ... on Municipality { code } } }
        topics { slug nameFi nameSv }
        commitments { id kind status committedOn note }
      } } } }`;

  /** Every project the `projects` query returns for a filter, paging through it. */
  async function listProjects(filter: Record<string, string>): Promise<any[]> {
    const all: any[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await t.gql(PROJECTS, { filter, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.projects;
      all.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return all;
      after = page.pageInfo.endCursor;
    }
  }

  // What a GraphQL scalar (string, number, boolean or null) looks like in a CSV cell.
  const cell = (v: string | number | boolean | null | undefined) =>
    v === null || v === undefined ? '' : String(v);
  const FILTERS: Record<string, string>[] = [
    {},
    { programme: 'export-paging', status: 'ACTIVE' },
    { programme: 'vm-digi-joint-2019', category: 'OTHER' },
    { topic: 'knowledge-based-management' },
    { municipality: '858' },
    { search: 'kunskapsbaserad' },
  ];
  const qs = (filter: Record<string, string>) => new URLSearchParams(filter).toString();

  describe.each(FILTERS)('for the filter %j', (filter) => {
    let projects: any[];
    beforeAll(async () => {
      projects = await listProjects(filter);
    }, 120_000);

    it('projects.csv has the rows of the projects query, in its order, with its values', async () => {
      const { res, bytes, header, records } = await csv(`/export/projects.csv?${qs(filter)}`);
      expect(res.status).toBe(200);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="kuntaverkko-projects.csv"',
      );
      expect(header).toContain('title_fi');
      expect(records.map((r) => r.id)).toEqual(projects.map((p) => p.id));
      records.forEach((r, i) => {
        const p = projects[i];
        const lead = p.participants.find((x: any) => x.role === 'LEAD')?.organisation;
        expect(r).toMatchObject({
          programme_code: p.programme.code,
          programme_name_fi: p.programme.nameFi,
          programme_name_sv: p.programme.nameSv,
          category: p.category,
          status: p.status,
          title_sv: cell(p.titleSv),
          title_fi: cell(p.titleFi),
          title_en: cell(p.titleEn),
          start_date: cell(p.startDate),
          grant_eur: cell(p.grantEur),
          grant_known: String(p.grantKnown),
          grant_is_maximum: String(p.grantIsMaximum),
          participants_known: String(p.participantsKnown),
          known_participant_count: String(p.participants.length),
          lead_id: cell(lead?.id),
          lead_name_fi: cell(lead?.nameFi),
          lead_name_sv: cell(lead?.nameSv),
          topics: p.topics.map((x: any) => x.slug).join('; '),
          topic_names_fi: p.topics.map((x: any) => x.nameFi).join('; '),
          topic_names_sv: p.topics.map((x: any) => x.nameSv).join('; '),
        });
      });
    });

    it('participants.csv has every participant of those projects, lead first', async () => {
      const { res, bytes, records } = await csv(`/export/participants.csv?${qs(filter)}`);
      expect(res.status).toBe(200);
      expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
      const expected = projects.flatMap((p) =>
        p.participants.map((x: any) => ({
          project_id: p.id,
          project_title_sv: cell(p.titleSv),
          project_title_fi: cell(p.titleFi),
          project_participants_known: String(p.participantsKnown),
          organisation_id: x.organisation.id,
          organisation_code: cell(x.organisation.code),
          name_fi: x.organisation.nameFi,
          name_sv: cell(x.organisation.nameSv),
          role: x.role,
        })),
      );
      expect(records.map((r) => pick(r, Object.keys(expected[0] ?? {})))).toEqual(expected);
    });

    it('commitments.csv has each commitment of those projects once', async () => {
      const { res, records } = await csv(`/export/commitments.csv?${qs(filter)}`);
      expect(res.status).toBe(200);
      const seen = new Map<string, any>();
      for (const p of projects)
        for (const c of p.commitments) if (!seen.has(c.id)) seen.set(c.id, c);
      expect(records.map((r) => r.id)).toEqual([...seen.keys()]);
      for (const r of records) {
        const c = seen.get(r.id);
        expect(r).toMatchObject({
          kind: c.kind,
          status: c.status,
          committed_on: c.committedOn,
          note: cell(c.note),
        });
      }
    });
  });

  function pick(r: Record<string, string>, keys: string[]) {
    return Object.fromEntries(keys.map((k) => [k, r[k]]));
  }

  it('has test data that exercises paging, fi/sv columns and unknown values', async () => {
    const all = await csv('/export/projects.csv');
    expect(all.records.length).toBeGreaterThan(1000); // three export pages of 500
    // Finnish titles where known, empty where not; grants likewise, with a flag.
    expect(all.records.some((r) => r.title_fi !== '')).toBe(true);
    expect(all.records.some((r) => r.title_fi === '')).toBe(true);
    expect(all.records.some((r) => r.grant_eur === '' && r.grant_known === 'false')).toBe(true);
    expect(all.records.some((r) => r.grant_eur.endsWith('.5') && r.grant_known === 'true')).toBe(
      true,
    );
    const people = await csv('/export/participants.csv?programme=export-paging');
    const ja = people.records.filter((r) => r.organisation_kind === 'JOINT_AUTHORITY');
    expect(ja.length).toBeGreaterThan(0);
    expect(ja.every((r) => r.name_fi === 'Vientikuntayhtymä' && r.name_sv === '')).toBe(true);
    const municipal = people.records.filter((r) => r.organisation_kind === 'MUNICIPALITY');
    expect(municipal.every((r) => r.name_sv !== '' && r.region_name_sv !== '')).toBe(true);
    // The commitment between projects on different export pages is written once.
    const commitments = await csv('/export/commitments.csv?programme=export-paging');
    expect(commitments.records).toHaveLength(3);
    const awkward = await csv('/export/commitments.csv?programme=vm-digi-joint-2019');
    expect(awkward.records.map((r) => r.note)).toContain(
      'Gemensam upphandling, "fas 1"\nsedan fas 2',
    );
    expect(awkward.records[0].verified_at).toBe('2021-03-05T10:00:00.000Z');
  });

  describe('bad requests', () => {
    it.each([
      ['/export/projects.csv?status=DONE', 'status'],
      ['/export/participants.csv?municipality=12', 'municipality'],
      ['/export/commitments.csv?category=NONE', 'category'],
      [`/export/projects.csv?search=${'x'.repeat(201)}`, 'search'],
      ['/export/projects.csv?programm=vm-digi-joint-2019', 'programm'],
      ['/export/projects.csv?organisation=not-an-id', 'organisation'],
      ['/export/network.gexf?maxNodes=lots', 'maxNodes'],
      ['/export/network.graphml?region=1', 'region'],
    ])('%s is 400 BAD_USER_INPUT naming %s', async (path, argument) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(JSON.stringify(body)).not.toMatch(/stack|SELECT /);
    });

    it.each([
      ['/export/projects.csv?programme=nope', 'Programme'],
      ['/export/participants.csv?programme=nope', 'Programme'],
      ['/export/commitments.csv?topic=nope', 'Topic'],
      ['/export/network.gexf?programme=nope', 'Programme'],
      ['/network/graphml?programme=nope', 'Programme'],
    ])('%s is 404 NOT_FOUND', async (path, what) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      // The answer is a JSON error, not a file download named after the export.
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(((await res.json()) as any).error).toMatchObject({
        code: 'NOT_FOUND',
        what,
        key: 'nope',
      });
    });
  });

  describe('the network', () => {
    const NETWORK = `query($programme: String) { network(programme: $programme) {
      nodes { organisation { id nameFi nameSv } degree }
      edges { source { id } target { id } weight kinds } } }`;

    it.each<Record<string, string>>([
      {},
      { programme: 'vm-digi-joint-2019' },
      { programme: 'export-paging' },
    ])(
      'GraphML and GEXF for %j are well-formed and hold the nodes and edges of the network query',
      async (filter) => {
        const net = (await t.gql(NETWORK, filter)).data!.network;
        expect(net.nodes.length).toBeGreaterThan(0);
        const pairs = (list: [string, string][]) =>
          list.map(([a, b]) => [a, b].sort().join(' ')).sort();
        const expectedEdges = pairs(net.edges.map((e: any) => [e.source.id, e.target.id]));

        for (const path of [
          '/export/network.graphml',
          '/network/graphml',
          '/export/network.gexf',
        ]) {
          const res = await get(`${path}?${qs(filter)}`);
          expect(res.status).toBe(200);
          const doc = parseStrictXml(await res.text());
          const nodes = elements(doc, 'node');
          expect(nodes.map((n) => n.attrs.id)).toEqual(
            net.nodes.map((n: any) => n.organisation.id),
          );
          const edges = elements(doc, 'edge');
          expect(edges).toHaveLength(net.edges.length);
          expect(pairs(edges.map((e) => [e.attrs.source, e.attrs.target]))).toEqual(expectedEdges);
        }
        const gexf = await get(`/network/gexf?${qs(filter)}`);
        expect(gexf.headers.get('content-type')).toBe('application/gexf+xml; charset=utf-8');
        expect(gexf.headers.get('content-disposition')).toMatch(/filename="[^"]+\.gexf"/);
        const root = parseStrictXml(await gexf.text());
        expect(root.name).toBe('gexf');
        expect(root.attrs).toMatchObject({ xmlns: 'http://gexf.net/1.3', version: '1.3' });
        expect(elements(root, 'node').map((n) => n.attrs.label)).toEqual(
          net.nodes.map((n: any) => n.organisation.nameFi),
        );
      },
    );

    it('node and edge CSVs match the network query, with both names', async () => {
      const net = (await t.gql(NETWORK, { programme: 'export-paging' })).data!.network;
      const nodes = await csv('/export/network-nodes.csv?programme=export-paging');
      expect([...nodes.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(nodes.records.map((r) => [r.id, r.name_fi, r.name_sv, r.degree])).toEqual(
        net.nodes.map((n: any) => [
          n.organisation.id,
          n.organisation.nameFi,
          cell(n.organisation.nameSv),
          String(n.degree),
        ]),
      );
      const edges = await csv('/network/edges.csv?programme=export-paging');
      expect(edges.records).toHaveLength(net.edges.length);
      const names = new Map(net.nodes.map((n: any) => [n.organisation.id, n.organisation]));
      for (const r of edges.records) {
        expect(r.source_name_fi).toBe((names.get(r.source) as any).nameFi);
        expect(r.target_name_sv).toBe(cell((names.get(r.target) as any).nameSv));
      }
    });

    // Last: it renames an organisation.
    it('escapes markup and replaces characters XML 1.0 forbids in names', async () => {
      const nasty = `Kunta <&> "lainaus" 'yksi'\u0001\u000b loppu`;
      await t.db.sql(`UPDATE organisation SET name_fi = $1 WHERE code = '858'`, [nasty]);
      const expected = nasty.replaceAll('\u0001', '\uFFFD').replaceAll('\u000b', '\uFFFD');
      const graphml = parseStrictXml(await (await get('/network/graphml')).text());
      const labels = elements(graphml, 'data')
        .filter((d) => d.attrs.key === 'label')
        .map((d) => d.text);
      expect(labels).toContain(expected);
      const gexf = parseStrictXml(await (await get('/export/network.gexf')).text());
      expect(elements(gexf, 'node').map((n) => n.attrs.label)).toContain(expected);
    });
  });
});
