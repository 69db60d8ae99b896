import { parseGrantDecisions } from './grant-decisions-csv';

const HEADER = 'category,title_sv,title_fi,lead,description';

/** The errors of a file as `line column: message`. */
const problems = (text: string) =>
  parseGrantDecisions(text).errors.map((e) => `${e.line} ${e.column ?? '-'}: ${e.message}`);

describe('grant decisions CSV: text a cell may hold', () => {
  it('refuses a NUL in any cell, naming the line and the column', () => {
    const errors = problems(
      [HEADER, 'OTHER,Ett,Yksi,853,', 'OTHER,Tv\u0000å,Kaksi,853,'].join('\n'),
    );
    expect(errors).toEqual([expect.stringMatching(/^3 title_sv: contains a NUL character/)]);
  });

  it('refuses bidirectional overrides and control characters, naming the line and column', () => {
    expect(problems([HEADER, 'OTHER,Ett,Evil\u202Egpj.exe,853,'].join('\n'))).toEqual([
      expect.stringMatching(/^2 title_fi: contains U\+202E .*bidirectional/),
    ]);
    expect(problems([HEADER, 'OTHER,Ett,Yksi,853,"bell\u0007"'].join('\n'))).toEqual([
      expect.stringMatching(/^2 description: contains U\+0007/),
    ]);
  });

  it('keeps ordinary Unicode, and line breaks inside a quoted cell', () => {
    const { rows, errors } = parseGrantDecisions(
      [HEADER, 'OTHER,Åbo 👩‍💻 Ääniö,عربى,853,"rad ett\nrad\ttvå"'].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ titleSv: 'Åbo 👩‍💻 Ääniö', description: 'rad ett\nrad\ttvå' });
  });

  it('checks dates as the API does: no 2022-02-30, no year 0', () => {
    const text = (d: string) =>
      ['category,title_sv,lead,start_date', `OTHER,Ett,853,${d}`].join('\n');
    expect(problems(text('2022-02-30'))).toEqual([expect.stringMatching(/^2 start_date:/)]);
    expect(problems(text('0000-01-01'))).toEqual([expect.stringMatching(/^2 start_date:/)]);
    expect(problems(text('2024-02-29'))).toEqual([]);
  });
});
