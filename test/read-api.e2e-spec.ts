import { readDataset } from '../src/seed/dataset-files';
import { expectErrorCode, startTestApp, TestApp } from './support/test-app';

const data = readDataset();

describe('read API over HTTP (seeded dataset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('lookups', () => {
    it('finds a municipality by code, keeping leading zeros, with its region and language', async () => {
      const res =
        await t.gql(`{ municipality(code: "092") { __typename id code nameFi nameSv nameEn languageStatus
        population2019 region { code nameFi } participations { role project { titleSv } } participationCount } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.municipality).toMatchObject({
        __typename: 'Municipality',
        code: '092',
        nameFi: 'Vantaa',
        nameSv: 'Vanda',
        languageStatus: 'BILINGUAL_FINNISH_MAJORITY',
        region: { code: '01', nameFi: 'Uusimaa' },
        participationCount: 1,
        participations: [
          {
            role: 'LEAD',
            project: { titleSv: expect.stringContaining('befolkningsprognossystem') },
          },
        ],
      });
    });

    it('records the Honkajoki merger instead of dropping the municipality', async () => {
      const res = await t.gql(
        `{ municipality(code: "099") { nameFi mergedOn mergedInto { code nameFi } } }`,
      );
      expect(res.data!.municipality).toEqual({
        nameFi: 'Honkajoki',
        mergedOn: '2021-01-01',
        mergedInto: { code: '214', nameFi: 'Kankaanpää' },
      });
    });

    it('fetches every kind of object again through node(id)', async () => {
      const ids =
        await t.gql(`{ municipality(code: "858") { id } programme(code: "vm-digi-joint-2019") { id }
        topic(slug: "knowledge-based-management") { id } projects(first: 1) { edges { node { id } } } }`);
      const d = ids.data!;
      for (const [id, typename] of [
        [d.municipality.id, 'Municipality'],
        [d.programme.id, 'Programme'],
        [d.topic.id, 'Topic'],
        [d.projects.edges[0].node.id, 'Project'],
      ]) {
        const res = await t.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
        expect(res.data!.node).toEqual({ __typename: typename, id });
      }
    });

    it('finds a project by its place in the published list', async () => {
      const res =
        await t.gql(`{ projectByListing(programme: "vm-digi-joint-2019", category: OTHER, position: 14) {
        titleSv grantEur grantIsMaximum grantKnown participantsKnown
        participants { role organisation { ... on Municipality { code } } source { key } } } }`);
      expect(res.data!.projectByListing).toEqual({
        titleSv:
          'Automatisering av budgetprocessen och distribution av budgetförslaget med moderna verktyg',
        grantEur: 127500,
        grantIsMaximum: true,
        grantKnown: true,
        participantsKnown: true,
        participants: [
          { role: 'LEAD', organisation: { code: '858' }, source: { key: 'vm-press-release-2020' } },
          {
            role: 'PARTNER',
            organisation: { code: '505' },
            source: { key: 'tuusula-konsernijaosto-2020-05-25' },
          },
          {
            role: 'PARTNER',
            organisation: { code: '638' },
            source: { key: 'tuusula-konsernijaosto-2020-05-25' },
          },
        ],
      });
    });

    it('says when the participant list and the grant are unknown', async () => {
      const res =
        await t.gql(`{ projectByListing(programme: "vm-digi-joint-2019", category: E_SERVICES, position: 1) {
        titleSv titleFi titleEn grantEur grantKnown participantsKnown participants { role } } }`);
      expect(res.data!.projectByListing).toEqual({
        titleSv: 'Den it-smarta kommunen',
        titleFi: null,
        titleEn: null,
        grantEur: null,
        grantKnown: false,
        participantsKnown: false,
        participants: [{ role: 'LEAD' }],
      });
    });
  });

  describe('connections', () => {
    it('pages forward and backward with stable cursors and a total', async () => {
      const all = await t.gql(
        `{ municipalities(first: 100) { totalCount edges { node { code } } } }`,
      );
      expect(all.data!.municipalities.totalCount).toBe(310);
      const codes: string[] = all.data!.municipalities.edges.map((e: any) => e.node.code);
      expect([...codes].sort()).toEqual(codes);

      const p1 = await t.gql(
        `{ municipalities(first: 3) { edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
      );
      expect(p1.data!.municipalities.edges.map((e: any) => e.node.code)).toEqual(codes.slice(0, 3));
      expect(p1.data!.municipalities.pageInfo).toMatchObject({
        hasNextPage: true,
        hasPreviousPage: false,
      });

      const p2 = await t.gql(
        `query($after: String) { municipalities(first: 3, after: $after) { edges { node { code } } pageInfo { hasPreviousPage startCursor } } }`,
        {
          after: p1.data!.municipalities.pageInfo.endCursor,
        },
      );
      expect(p2.data!.municipalities.edges.map((e: any) => e.node.code)).toEqual(codes.slice(3, 6));
      expect(p2.data!.municipalities.pageInfo.hasPreviousPage).toBe(true);

      const back = await t.gql(
        `query($before: String) { municipalities(last: 2, before: $before) { edges { node { code } } pageInfo { hasPreviousPage hasNextPage } } }`,
        {
          before: p2.data!.municipalities.pageInfo.startCursor,
        },
      );
      expect(back.data!.municipalities.edges.map((e: any) => e.node.code)).toEqual(
        codes.slice(1, 3),
      );
      expect(back.data!.municipalities.pageInfo).toEqual({
        hasPreviousPage: true,
        hasNextPage: true,
      });
    });

    it('walks every project page by page without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const res: any = await t.gql(
          `query($after: String) { projects(first: 5, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        seen.push(...res.data.projects.edges.map((e: any) => e.node.id));
        if (!res.data.projects.pageInfo.hasNextPage) break;
        after = res.data.projects.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(data.projects.length);
      expect(new Set(seen).size).toBe(data.projects.length);
    });
  });

  describe('filters', () => {
    const codesOf = (res: any) => res.data.municipalities.edges.map((e: any) => e.node.code);

    it('searches municipality names in fi/sv ignoring case and accents', async () => {
      expect(
        codesOf(
          await t.gql(`{ municipalities(filter: { search: "ABO" }) { edges { node { code } } } }`),
        ),
      ).toContain('853');
      expect(
        codesOf(
          await t.gql(
            `{ municipalities(filter: { search: "hameenlinna" }) { edges { node { code } } } }`,
          ),
        ),
      ).toEqual(['109']);
      expect(
        codesOf(
          await t.gql(
            `{ municipalities(filter: { search: "tavastehus" }) { edges { node { code } } } }`,
          ),
        ),
      ).toEqual(['109']);
      // LIKE wildcards in the search text are taken literally.
      expect(
        codesOf(
          await t.gql(`{ municipalities(filter: { search: "%" }) { edges { node { code } } } }`),
        ),
      ).toEqual([]);
    });

    it('filters municipalities by region and language status', async () => {
      const res = await t.gql(
        `{ municipalities(first: 100, filter: { regionCode: "21", languageStatus: SWEDISH }) { totalCount edges { node { region { code } languageStatus } } } }`,
      );
      expect(res.data!.municipalities.totalCount).toBe(16);
      for (const e of res.data!.municipalities.edges)
        expect(e.node).toEqual({ region: { code: '21' }, languageStatus: 'SWEDISH' });
    });

    it('filters projects by programme, category, topic, municipality and status', async () => {
      const count = async (filter: string) =>
        (await t.gql(`{ projects(filter: ${filter}) { totalCount } }`)).data!.projects.totalCount;
      const inData = (f: (p: (typeof data.projects)[number]) => boolean) =>
        data.projects.filter(f).length;
      for (const code of data.programmes.map((p) => p.code))
        expect(await count(`{ programme: "${code}" }`)).toBe(
          inData((p) => p.programmeCode === code),
        );
      expect(await count(`{ programme: "vm-digi-joint-2019" }`)).toBe(27);
      expect(await count(`{ category: E_SERVICES }`)).toBe(13);
      expect(await count(`{ category: OTHER }`)).toBe(14);
      expect(await count(`{ category: UNCATEGORISED }`)).toBe(
        inData((p) => p.category === 'UNCATEGORISED'),
      );
      expect(await count(`{ status: GRANTED }`)).toBe(data.projects.length);
      expect(await count(`{ status: COMPLETED }`)).toBe(0);
      // Borgå leads two joint projects and takes part in Tusby's and in three of the 2020 round.
      expect(await count(`{ municipality: "638" }`)).toBe(
        new Set(
          data.participants.filter((x) => x.municipalityCode === '638').map((x) => x.projectKey),
        ).size,
      );
      expect(
        await count(`{ municipality: "638", category: OTHER, topic: "robotics-and-automation" }`),
      ).toBe(2);
    });

    it('finds projects by full-text search in Swedish', async () => {
      const found = async (search: string) =>
        (
          await t.gql(
            `query($s: String) { projects(filter: { search: $s }) { edges { node { titleSv titleFi topics { slug } } } } }`,
            { s: search },
          )
        ).data!.projects.edges.map((e: any) => e.node);
      const titles = async (search: string) =>
        (await found(search)).map((p: any) => p.titleSv as string | null);
      const robots = await titles('robotar');
      expect(robots).toEqual(expect.arrayContaining(['Robotar till kommunerna']));
      const ledning = await found('kunskapsbaserad ledning');
      expect(ledning.length).toBeGreaterThanOrEqual(3);
      // The Swedish title has a kunskap* word, or the project has the topic "Kunskapsbaserad
      // ledning" (some rounds publish Finnish titles only).
      for (const p of ledning) {
        const byTitle = (p.titleSv ?? '').toLowerCase().includes('kunskap');
        const byTopic = p.topics.some((x: any) => x.slug === 'knowledge-based-management');
        expect({ title: p.titleSv ?? p.titleFi, matched: byTitle || byTopic }).toEqual({
          title: p.titleSv ?? p.titleFi,
          matched: true,
        });
      }
      // One title has the word; projects whose topic description names it come with it.
      const budget = await titles('"budgetprocessen"');
      expect(
        budget.filter((title: string | null) => title?.includes('budgetprocessen')),
      ).toHaveLength(1);
    });
  });

  describe('errors', () => {
    it.each([
      ['a page over 100', `{ projects(first: 101) { totalCount } }`, 'first'],
      ['a negative page', `{ municipalities(last: -1) { totalCount } }`, 'last'],
      ['first with last', `{ projects(first: 2, last: 2) { totalCount } }`, 'last'],
      ['a forged cursor', `{ projects(after: "bm9wZQ") { totalCount } }`, 'after'],
      ['a malformed code', `{ municipality(code: "91") { code } }`, 'code'],
      [
        'a bad region code',
        `{ municipalities(filter: { regionCode: "1" }) { totalCount } }`,
        'filter.regionCode',
      ],
      [
        'an over-long search',
        `{ projects(filter: { search: "${'x'.repeat(201)}" }) { totalCount } }`,
        'filter.search',
      ],
      ['a malformed id', `{ node(id: "not-an-id") { id } }`, 'id'],
      ['an id of the wrong type', `{ project(id: "VG9waWM6MQ") { id } }`, 'id'],
      [
        'too few participations',
        `{ municipality(code: "853") { participations(first: 0) { role } } }`,
        'first',
      ],
      [
        'too many participations',
        `{ municipality(code: "853") { participations(first: 101) { role } } }`,
        'first',
      ],
    ])('answers %s with BAD_USER_INPUT naming the argument', async (_name, query, argument) => {
      const res = await t.gql(query);
      const error = expectErrorCode(res, 'BAD_USER_INPUT');
      expect(error.extensions?.argument).toBe(argument);
    });

    it.each([
      ['an unknown municipality', `{ municipality(code: "000") { code } }`],
      ['an unknown project id', `{ project(id: "UHJvamVjdDo5OTk5") { id } }`],
      ['an unknown node', `{ node(id: "VG9waWM6OTk5") { id } }`],
      ['an unknown programme filter', `{ projects(filter: { programme: "nope" }) { totalCount } }`],
      ['an unknown topic', `{ topic(slug: "nope") { slug } }`],
    ])('answers %s with NOT_FOUND', async (_name, query) => {
      expectErrorCode(await t.gql(query), 'NOT_FOUND');
    });

    it('answers a query the schema does not know with GRAPHQL_VALIDATION_FAILED', async () => {
      expectErrorCode(await t.gql(`{ projects { nope } }`), 'GRAPHQL_VALIDATION_FAILED');
    });

    it('answers a variable of the wrong type with BAD_USER_INPUT', async () => {
      expectErrorCode(
        await t.gql(`query($n: Int) { projects(first: $n) { totalCount } }`, { n: 'ten' }),
        'BAD_USER_INPUT',
      );
    });
  });

  describe('provenance', () => {
    type Src = {
      key: string;
      url: string | null;
      title: string;
      publisher: string | null;
      publishedOn: string | null;
    };
    const SOURCE = 'source { key url title publisher publishedOn }';
    /** A source has an address, or names a document (title and publisher) held in data/. */
    const addressed = (s: Src) => s.url !== null || (s.title !== '' && s.publisher !== null);

    it('gives every fact of every project not marked synthetic a source with an address or a document name', async () => {
      const facts = [
        'titleSv',
        'titleFi',
        'titleEn',
        'description',
        'period',
        'startDate',
        'endDate',
        'grantEur',
        'listPosition',
      ];
      const res = await t.gql(
        `{ projects(first: 100) { totalCount edges { node { synthetic ${facts.join(' ')} category status
          provenance { fact ${SOURCE} } participants { role ${SOURCE} } outputs { title ${SOURCE} }
          topics { slug ${SOURCE} } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.projects.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(data.projects.length);
      let outputs = 0;
      for (const p of nodes.filter((x: any) => !x.synthetic)) {
        const cited = new Map<string, Src>(p.provenance.map((f: any) => [f.fact, f.source]));
        for (const fact of [...facts, 'category', 'status'])
          if (p[fact] !== null) expect([fact, cited.has(fact)]).toEqual([fact, true]);
        const sources: Src[] = [
          ...cited.values(),
          ...p.participants.map((x: any) => x.source),
          ...p.outputs.map((x: any) => x.source),
          ...p.topics.map((x: any) => x.source),
        ];
        for (const s of sources) expect([s.key, addressed(s)]).toEqual([s.key, true]);
        outputs += p.outputs.length;
      }
      expect(outputs).toBe(data.outputs.length);
    });

    it('gives every programme fact a source with an address', async () => {
      const res = await t.gql(
        `{ programmes(first: 100) { edges { node { code synthetic projectListComplete projectCount projectsGranted
          provenance { fact ${SOURCE} } } } } }`,
      );
      const nodes = res.data!.programmes.edges.map((e: any) => e.node);
      expect(nodes.map((p: any) => p.code).sort()).toEqual(
        data.programmes.map((p) => p.code).sort(),
      );
      for (const p of nodes) {
        const expected = data.programmes.find((x) => x.code === p.code)!;
        expect(p.provenance.map((f: any) => f.fact).sort()).toEqual(
          Object.keys(expected.provenance).sort(),
        );
        for (const f of p.provenance)
          expect([f.fact, f.source.url !== null]).toEqual([f.fact, true]);
        // A round listed in part says so: a flag and the count of the projects it has.
        expect(p.projectListComplete).toBe(p.projectCount === p.projectsGranted);
      }
      const r2020 = nodes.find((p: any) => p.code === 'vm-digi-2020');
      expect([r2020.projectListComplete, r2020.projectCount, r2020.projectsGranted]).toEqual([
        false,
        data.projects.filter((p) => p.programmeCode === 'vm-digi-2020').length,
        29,
      ]);
    });

    it('shows the outputs of a project with their sources, e.g. Hollola’s concept maps', async () => {
      const res = await t.gql(
        `{ projectByListing(programme: "vm-digi-joint-2019", category: OTHER, position: 6) {
          titleFi period startDate endDate participantsKnown outputs { title publishedAt ${SOURCE} } } }`,
      );
      const p = res.data!.projectByListing;
      const expected = data.outputs.filter((o) => o.projectKey === 'vm-digi-joint-2019/O6');
      expect(p.outputs.map((o: any) => o.title)).toEqual(expected.map((o) => o.title));
      expect(
        p.outputs.find((o: any) => o.publishedAt === 'yhteentoimiva.suomi.fi').source.url,
      ).toBe(data.sources.find((s) => s.key === 'hollola-tiedolla-johtamisen-hanke')!.url);
      expect(p).toMatchObject({
        titleFi: 'Ei tuurilla vaan tiedolla',
        startDate: '2020-03-01',
        endDate: '2021-11-30',
        participantsKnown: true,
      });
    });
  });
});
