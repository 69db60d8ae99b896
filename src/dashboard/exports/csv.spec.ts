import { parse } from 'csv-parse/sync';
import { BOM, Cell, Column, csvChunks } from './csv';

interface Row {
  name: string;
  amount: number | null;
  flag: boolean;
  at: Date | null;
}

const columns: Column<Row>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'amount', value: (r) => r.amount },
  { header: 'flag', value: (r) => r.flag },
  { header: 'at', value: (r): Cell => r.at },
];

// An async source, as the export's pages are.
async function* pageSource(pages: Row[][]): AsyncGenerator<Row[]> {
  for (const p of pages) yield await Promise.resolve(p);
}

async function collect(pages: Row[][]): Promise<string> {
  let text = '';
  for await (const chunk of csvChunks(columns, pageSource(pages))) text += chunk;
  return text;
}

describe('csvChunks', () => {
  it('keeps text that a spreadsheet would run as a formula from being run', async () => {
    const text = await collect([
      [
        { name: '=HYPERLINK("http://x")', amount: -5, flag: true, at: null },
        { name: '@SUM(A1)', amount: null, flag: true, at: null },
        { name: 'Kunta = kaupunki', amount: null, flag: true, at: null },
      ],
    ]);
    const parsed: string[][] = parse(text.slice(1));
    expect(parsed.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://x")`,
      `'@SUM(A1)`,
      'Kunta = kaupunki',
    ]);
    // Numbers are numbers, not text: a negative amount stays as it is.
    expect(parsed[1][1]).toBe('-5');
  });

  it('starts with the BOM and the header, also when there are no rows', async () => {
    const text = await collect([]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).trim()).toBe('name,amount,flag,at');
  });

  it('writes every page, quotes what needs quoting, and keeps unknown apart from false', async () => {
    const rows: Row[] = [
      { name: 'Åbo, "Turku"\nstad', amount: 127500.5, flag: false, at: null },
      { name: 'Borgå', amount: null, flag: true, at: new Date('2026-01-02T03:04:05Z') },
    ];
    const text = await collect([[rows[0]], [], [rows[1]]]);
    const parsed: string[][] = parse(text.slice(1));
    expect(parsed).toEqual([
      ['name', 'amount', 'flag', 'at'],
      ['Åbo, "Turku"\nstad', '127500.5', 'false', ''],
      ['Borgå', '', 'true', '2026-01-02T03:04:05.000Z'],
    ]);
  });
});
