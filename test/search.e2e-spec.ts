/**
 * Project search reads topic names and descriptions in Finnish, Swedish and English, each
 * stemmed in its language (docs/database.md, "Search"). Expectations come from the seeded
 * database by plain substring matching, independent of PostgreSQL's text search.
 */
import { startTestApp, TestApp } from './support/test-app';

describe('project search over topics, in three languages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The titles, description and topic names and descriptions of every project, by Swedish
   * title, or Finnish where a round published only that, or the description of a project
   * known without a title (projects sharing a title share an entry), read with plain SQL.
   */
  async function projectTexts(): Promise<Map<string, string>> {
    const rows = await t.db.sql<{ title_sv: string; texts: string }>(
      `SELECT coalesce(p.title_sv, p.title_fi, '(untitled) ' || p.description) AS title_sv, concat_ws(' ', p.title_sv, p.title_fi, p.title_en, p.description,
         string_agg(concat_ws(' ', t.name_fi, t.name_sv, t.name_en,
           t.description_fi, t.description_sv, t.description), ' ')) AS texts
       FROM project p LEFT JOIN project_topic pt ON pt.project_id = p.id
       LEFT JOIN topic t ON t.id = pt.topic_id GROUP BY p.id`,
    );
    const texts = new Map<string, string>();
    for (const r of rows) texts.set(r.title_sv, `${texts.get(r.title_sv) ?? ''} ${r.texts}`);
    return texts;
  }

  async function search(text: string): Promise<string[]> {
    const res = await t.gql(
      `query($s: String) { projects(first: 100, filter: { search: $s }) {
         totalCount edges { node { titleSv titleFi description } } } }`,
      { s: text },
    );
    expect(res.errors).toBeUndefined();
    const titles = res.data!.projects.edges.map(
      (e: any) =>
        (e.node.titleSv ?? e.node.titleFi ?? `(untitled) ${e.node.description}`) as string,
    );
    expect(res.data!.projects.totalCount).toBe(titles.length);
    return titles.sort();
  }

  it.each([
    // [what people type, text that must be in a topic or title, loose check of every hit]
    ['chatbot', /chatbot/i, /chat ?bot|dialogrobot|robot/i],
    ['e-forms', /e-forms/i, /e-forms|blankett|lomak/i],
    ['lomake', /lomak/i, /lomak/i],
  ])('finds "%s" through topic names and descriptions', async (word, mustContain, everyHit) => {
    const texts = await projectTexts();
    const expected = [...texts]
      .filter(([, text]) => mustContain.test(text))
      .map(([title]) => title);
    // The words are in the data (topics), and not in any project title.
    expect(expected.length).toBeGreaterThan(0);
    for (const title of expected.filter((x) => !x.startsWith('(untitled) ')))
      expect(title).not.toMatch(mustContain);
    const found = await search(word);
    expect(found).toEqual(expect.arrayContaining(expected));
    for (const title of found) expect(texts.get(title)).toMatch(everyHit);
  });

  it('stems each language: inflected forms find the same projects', async () => {
    // Finnish plural, English plural, Swedish definite plural.
    expect(await search('lomakkeet')).toEqual(await search('lomake'));
    expect(await search('chatbots')).toEqual(await search('chatbot'));
    const blanketterna = await search('blanketterna');
    expect(blanketterna).toEqual(await search('blankett'));
    expect(blanketterna.length).toBeGreaterThan(0);
  });

  it('finds a project by a word of its title alone, and keeps web-search syntax', async () => {
    const texts = await projectTexts();
    const byTitle = [...texts.keys()].filter((title) => /budgetprocessen/i.test(title));
    expect(byTitle.length).toBeGreaterThan(0);
    expect(await search('budgetprocessen')).toEqual(expect.arrayContaining(byTitle));
    // "-word" excludes what the word finds, topic matches included.
    const robots = await search('chatbot');
    expect(robots.length).toBeGreaterThan(0);
    expect(await search('chatbot -robot')).toEqual([]);
    // A word in no text at all finds nothing.
    expect(await search('zzyzxqv')).toEqual([]);
  });

  it('serves the topic descriptions in Finnish and Swedish, as loaded from the data', async () => {
    const [row] = await t.db.sql<{ slug: string; description_fi: string; description_sv: string }>(
      `SELECT slug, description_fi, description_sv FROM topic
       WHERE description_fi IS NOT NULL ORDER BY slug LIMIT 1`,
    );
    expect(row).toBeDefined();
    const res = await t.gql(
      `query($s: String!) { topic(slug: $s) { descriptionFi descriptionSv } }`,
      {
        s: row.slug,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.topic).toEqual({
      descriptionFi: row.description_fi,
      descriptionSv: row.description_sv,
    });
  });
});
