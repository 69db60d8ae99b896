import { startTestApp, TestApp } from './support/test-app';

/**
 * No N+1: nested fields are batched per request with DataLoader, so the
 * number of SQL statements for a page does not depend on the page size.
 * Statements are counted by the server itself (kuntaverkko_sql_statements_total).
 */
describe('SQL statements per request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // 150 more projects with 3 participants and 2 topics each, so a page of 100 is full.
    await t.db.sql(`
      INSERT INTO project (programme_id, category, title_sv, provenance)
      SELECT (SELECT id FROM programme LIMIT 1), 'OTHER', 'Testprojekt ' || g, '{"titleSv": "editorial-topics"}'
      FROM generate_series(1, 150) g`);
    await t.db.sql(`
      INSERT INTO participation (project_id, organisation_id, role, source_key)
      SELECT p.id, o.id, CASE WHEN k = 0 THEN 'LEAD' ELSE 'PARTNER' END::participant_role, 'vm-press-release-2020'
      FROM project p CROSS JOIN generate_series(0, 2) k
      JOIN organisation o ON o.id = 1 + (p.id * 7 + k * 31) % 300
      WHERE p.title_sv LIKE 'Testprojekt %'`);
    await t.db.sql(`
      INSERT INTO project_topic (project_id, topic_id, source_key)
      SELECT p.id, t.id, 'editorial-topics' FROM project p
      JOIN topic t ON t.id IN (1 + p.id % 15, 1 + (p.id + 5) % 15)
      WHERE p.title_sv LIKE 'Testprojekt %'`);
  });
  afterAll(async () => {
    await t.close();
  });

  const query = `query($first: Int) {
    projects(first: $first) {
      totalCount
      edges { node {
        id titleSv
        programme { code projectCount }
        lead { organisation { nameFi } }
        participants {
          role
          source { key }
          organisation {
            id nameFi participationCount
            ... on Municipality { code region { nameFi } jointAuthorities { nameFi } mergedInto { code } }
            participations(first: 5) { role project { id titleSv topics { slug } } }
          }
        }
        topics { slug nameFi projectCount }
        provenance { fact source { title } }
        commitments { id }
        reuseLinks { id }
      } }
    }
  }`;

  async function statementsFor(first: number): Promise<{ statements: number; edges: number }> {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await t.gql(query, { first });
    expect(res.errors).toBeUndefined();
    const after = await t.metric('kuntaverkko_sql_statements_total');
    return { statements: after - before, edges: res.data!.projects.edges.length };
  }

  // Shape (a) of docs/benchmarks.md: projects, participants with organisation and region, topics.
  const pageQuery = `query($first: Int) {
    projects(first: $first) { edges { node {
      titleSv status
      participants { role organisation { nameFi ... on Municipality { code region { nameFi } } } }
      topics { slug nameEn }
    } } }
  }`;

  async function pageStatements(
    first: number,
  ): Promise<{ statements: number; participants: number }> {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await t.gql(pageQuery, { first });
    expect(res.errors).toBeUndefined();
    const after = await t.metric('kuntaverkko_sql_statements_total');
    const edges: { node: { participants: { organisation: { region?: unknown } }[] } }[] =
      res.data!.projects.edges;
    expect(edges).toHaveLength(first);
    const participants = edges.flatMap((e) => e.node.participants);
    // Every municipality's region really came back.
    expect(participants.every((p) => p.organisation.region !== null)).toBe(true);
    return { statements: after - before, participants: participants.length };
  }

  it('reads a page of projects with participants, organisations, regions and topics in at most 4 statements', async () => {
    const small = await pageStatements(10);
    const large = await pageStatements(100);
    expect(large.participants).toBeGreaterThan(small.participants);
    expect(small.statements).toBeGreaterThan(0);
    expect(small.statements).toBeLessThanOrEqual(4);
    expect(large.statements).toBeLessThanOrEqual(4);
    expect(large.statements).toBe(small.statements);
  });

  it('is the same for a page of 10 and a page of 100 projects with participants, municipalities and topics', async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    expect(small.edges).toBe(10);
    expect(large.edges).toBe(100);
    expect(small.statements).toBeGreaterThan(5); // the counter really counts
    expect(large.statements).toBe(small.statements);
    // One statement per batched level; guards against a loader quietly splitting its batch.
    expect(large.statements).toBeLessThanOrEqual(20);
  });

  // Shape (b) of docs/benchmarks.md: municipalities, their participations, each project's
  // title, programme and topics.
  const municipalitiesQuery = `query($first: Int) {
    municipalities(first: $first) { edges { node { code
      participations(first: 100) { role project { id titleSv programme { code } topics { slug nameEn } } }
    } } }
  }`;

  interface MunicipalityPage {
    municipalities: {
      edges: {
        node: {
          participations: { project: { id: string; topics: { slug: string }[] } }[];
        };
      }[];
    };
  }

  async function municipalityStatements(first: number) {
    const before = await t.metric('kuntaverkko_sql_statements_total');
    const res = await t.gql<MunicipalityPage>(municipalitiesQuery, { first });
    expect(res.errors).toBeUndefined();
    const after = await t.metric('kuntaverkko_sql_statements_total');
    const projects = res.data!.municipalities.edges.flatMap((e) =>
      e.node.participations.map((p) => p.project),
    );
    return { statements: after - before, projects };
  }

  it('reads municipalities with participations, projects, programmes and topics in at most 3 statements', async () => {
    const small = await municipalityStatements(5);
    const large = await municipalityStatements(50);
    expect(large.projects.length).toBeGreaterThan(small.projects.length);
    expect(small.statements).toBeGreaterThan(0);
    expect(small.statements).toBeLessThanOrEqual(3);
    expect(large.statements).toBe(small.statements);
    // The topics read with the participations are each project's own, as project(id) gives them.
    const withTopics = large.projects.filter((p) => p.topics.length > 0);
    expect(withTopics.length).toBeGreaterThan(0);
    for (const p of [...withTopics.slice(0, 5), ...large.projects.slice(0, 5)]) {
      const one = await t.gql<{ project: { topics: { slug: string }[] } }>(
        'query($id: ID!) { project(id: $id) { topics { slug } } }',
        { id: p.id },
      );
      expect(p.topics.map((x) => x.slug)).toEqual(one.data!.project.topics.map((x) => x.slug));
    }
  });
});
