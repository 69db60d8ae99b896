import { createHash } from 'node:crypto';
import { generateNetwork, NetworkOptions } from './network';
import { copyTables, copyText, IdBases, isoDate, SOURCE_KEY, sourceRow } from './rows';

const OPTIONS: NetworkOptions = {
  seed: 11,
  organisations: 400,
  projects: 1000,
  commitments: 500,
  regions: [
    { code: '01', languages: [11, 13, 0, 2] },
    { code: '15', languages: [2, 2, 0, 11] },
    { code: '17', languages: [30, 0, 0, 0] },
    { code: '21', languages: [0, 0, 16, 0] },
  ],
};
const BASES: IdBases = {
  organisation: 310,
  programme: 1,
  topic: 15,
  project: 27,
  cooperationCommitment: 0,
  reuseLink: 0,
};

/** Every table's COPY text as rows of fields. */
function tables(options: NetworkOptions, bases = BASES) {
  const result = new Map<string, { columns: readonly string[]; rows: string[][] }>();
  for (const table of copyTables(generateNetwork(options), bases)) {
    const text = [...table.chunks()].join('');
    const rows = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    expect(rows.length).toBe(table.rows);
    result.set(table.table, { columns: table.columns, rows: rows.map((r) => r.split('\t')) });
  }
  return result;
}

function payloadHash(options: NetworkOptions): string {
  const hash = createHash('sha256');
  for (const table of copyTables(generateNetwork(options), BASES))
    for (const chunk of table.chunks()) hash.update(chunk);
  return hash.digest('hex');
}

/** Values of one column, by name. */
const column = (t: { columns: readonly string[]; rows: string[][] }, name: string) =>
  t.rows.map((r) => r[t.columns.indexOf(name)]);

describe('copyTables', () => {
  const t = tables(OPTIONS);

  it('gives byte-identical text for the same seed and sizes, and other text for another seed', () => {
    expect(payloadHash(OPTIONS)).toBe(payloadHash(OPTIONS));
    expect(payloadHash({ ...OPTIONS, seed: 12 })).not.toBe(payloadHash(OPTIONS));
  });

  it('loads in foreign-key order, each row with as many fields as columns', () => {
    expect([...t.keys()]).toEqual([
      'topic',
      'programme',
      'organisation',
      'project',
      'participation',
      'project_topic',
      'cooperation_commitment',
      'reuse_link',
    ]);
    for (const table of t.values())
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
  });

  it('cuts tables into parts whose text and row counts add up to the whole', () => {
    for (const table of copyTables(generateNetwork(OPTIONS), BASES)) {
      const cut = Math.floor(table.units / 3);
      const whole = [...table.chunks()].join('');
      const parts =
        [...table.chunks(0, cut)].join('') + [...table.chunks(cut, table.units)].join('');
      expect(parts).toBe(whole);
      expect(table.rowCount(0, cut) + table.rowCount(cut, table.units)).toBe(table.rows);
    }
  });

  it('numbers ids after the existing ones, in generation order', () => {
    expect(column(t.get('organisation')!, 'id')[0]).toBe('311');
    expect(column(t.get('project')!, 'id').at(-1)).toBe(String(27 + OPTIONS.projects));
    expect(column(t.get('topic')!, 'id')[0]).toBe('16');
    expect(column(t.get('programme')!, 'id')).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    expect(column(t.get('cooperation_commitment')!, 'id')[0]).toBe('1');
  });

  it('labels every row as synthetic, from the generator source', () => {
    for (const name of ['topic', 'programme', 'organisation', 'project'])
      expect(new Set(column(t.get(name)!, 'synthetic'))).toEqual(new Set(['t']));
    for (const name of ['topic', 'organisation', 'participation', 'project_topic'])
      expect(new Set(column(t.get(name)!, 'source_key'))).toEqual(new Set([SOURCE_KEY]));
    for (const title of column(t.get('project')!, 'title_sv'))
      expect(title).toMatch(/^SYNTHETIC: \S+ \S+ och \S+/);
    for (const name of column(t.get('programme')!, 'name_en')) expect(name).toMatch(/^SYNTHETIC/);
    expect(column(t.get('programme')!, 'code')[0]).toBe('synthetic-11-1');
    expect(column(t.get('topic')!, 'slug')[0]).toBe('synthetic-topic-001');
  });

  it('makes municipalities with S-codes, real region codes and names with the number', () => {
    const orgs = t.get('organisation')!;
    const codes = column(orgs, 'code');
    for (const code of codes) expect(code).toMatch(/^S[0-9]{6}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(column(orgs, 'name_fi')[122]).toBe('Synthetic municipality 000123');
    for (const region of column(orgs, 'region_code'))
      expect(['01', '15', '17', '21']).toContain(region);
    expect(new Set(column(orgs, 'kind'))).toEqual(new Set(['MUNICIPALITY']));
  });

  it('has exactly one lead per project and no duplicate (project, organisation) pairs', () => {
    const p = t.get('participation')!;
    const leads = new Map<string, number>();
    const pairs = new Set<string>();
    for (const [project, org, role] of p.rows) {
      if (role === 'LEAD') leads.set(project, (leads.get(project) ?? 0) + 1);
      else expect(role).toBe('PARTNER');
      pairs.add(`${project}:${org}`);
    }
    expect(leads.size).toBe(OPTIONS.projects);
    expect(new Set(leads.values())).toEqual(new Set([1]));
    expect(pairs.size).toBe(p.rows.length);
  });

  it('weighs the main topic 1 and the others 0.5', () => {
    const seen = new Set<string>();
    for (const [project, , weight] of t.get('project_topic')!.rows) {
      expect(weight).toBe(seen.has(project) ? '0.5' : '1');
      seen.add(project);
    }
  });

  it('writes commitments as ordered pairs and plausible projects', () => {
    for (const [, a, b] of t.get('cooperation_commitment')!.rows)
      expect(Number(a)).toBeLessThan(Number(b));
    const projects = t.get('project')!;
    const start = column(projects, 'start_date');
    const end = column(projects, 'end_date');
    start.forEach((s, i) => expect(s < end[i]).toBe(true));
    const grants = column(projects, 'grant_eur');
    expect(grants.filter((g) => g === '\\N').length).toBeGreaterThan(50);
    expect(new Set(column(projects, 'status'))).toEqual(
      new Set(['GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN']),
    );
    for (const json of column(projects, 'provenance'))
      expect(Object.values(JSON.parse(json) as object)).toContain(SOURCE_KEY);
  });

  it('names the seed and sizes in the source note', () => {
    const source = sourceRow(generateNetwork(OPTIONS));
    expect(source.key).toBe(SOURCE_KEY);
    expect(source.title).toBe('SYNTHETIC network from scripts/generate.ts');
    expect(source.note).toMatch(/Seed 11; 400 organisations, 1000 projects, 500 commitments/);
  });
});

describe('COPY text helpers', () => {
  it('escapes backslashes, tabs and line breaks, and writes null as \\N', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText('plain åäö')).toBe('plain åäö');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('formats day numbers as ISO dates', () => {
    expect(isoDate(0)).toBe('1970-01-01');
    expect(isoDate(19_723)).toBe('2024-01-01');
  });
});
