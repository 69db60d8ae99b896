import { MAX_CSV_BYTES, MAX_ROWS, parseGrantDecisions, type RowError } from './grant-decisions-csv';
import { ProjectCategory, ProjectStatus } from '../projects/project.enums';

const HEADER =
  'category,list_position,title_sv,title_fi,lead,partners,grant_eur,grant_is_maximum,start_date,end_date,topics';

/** The errors of a file, as `line column: message` strings, to compare at a glance. */
function problems(text: string): string[] {
  return parseGrantDecisions(text).errors.map(
    (e: RowError) => `${e.line} ${e.column ?? '-'}: ${e.message}`,
  );
}

describe('grant decisions CSV', () => {
  it('reads a good file, empty cells as unknown', () => {
    const { rows, errors } = parseGrantDecisions(
      [
        HEADER,
        'E_SERVICES,14,Den it-smarta kommunen,Älykäs kunta,445,853; 091 092,127500.50,true,2020-06-01,2021-11-30,e-services;customer-service',
        'OTHER,,Övrigt projekt,,858,,,,,,',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        category: ProjectCategory.E_SERVICES,
        listPosition: 14,
        titleSv: 'Den it-smarta kommunen',
        titleFi: 'Älykäs kunta',
        titleEn: null,
        description: null,
        status: ProjectStatus.GRANTED,
        lead: '445',
        partners: ['853', '091', '092'],
        grantEur: 127500.5,
        grantIsMaximum: true,
        participantsKnown: false,
        startDate: '2020-06-01',
        endDate: '2021-11-30',
        topics: ['e-services', 'customer-service'],
        deadlineOverrideReason: null,
        period: null,
        source: null,
        partnersSourceUrl: null,
      },
      {
        line: 3,
        category: ProjectCategory.OTHER,
        listPosition: null,
        titleSv: 'Övrigt projekt',
        titleFi: null,
        titleEn: null,
        description: null,
        status: ProjectStatus.GRANTED,
        lead: '858',
        partners: [],
        grantEur: null,
        grantIsMaximum: false,
        participantsKnown: false,
        startDate: null,
        endDate: null,
        topics: [],
        deadlineOverrideReason: null,
        period: null,
        source: null,
        partnersSourceUrl: null,
      },
    ]);
  });

  it('reads a round without categories or titles, with the sources of each row', () => {
    const { rows, errors } = parseGrantDecisions(
      [
        'list_position,lead,partners,grant_eur,title_fi,period,source_url,source_title,partners_source_url',
        '1,091,853,850000,Lämpiö,1/2021–,https://example.org/list,The list,https://example.org/partners',
        ',837,,890000,,,https://example.org/list,,',
        ',398,,,,,,,',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.category, r.titleSv, r.titleFi, r.period])).toEqual([
      [ProjectCategory.UNCATEGORISED, null, 'Lämpiö', '1/2021–'],
      [ProjectCategory.UNCATEGORISED, null, null, null],
      [ProjectCategory.UNCATEGORISED, null, null, null],
    ]);
    expect(rows.map((r) => [r.source, r.partnersSourceUrl])).toEqual([
      [{ url: 'https://example.org/list', title: 'The list' }, 'https://example.org/partners'],
      [{ url: 'https://example.org/list', title: null }, null],
      [null, null],
    ]);
  });

  it('refuses a source that is not one web address, and a title without an address', () => {
    expect(
      problems(
        'lead,source_url,source_title,partners_source_url\n091,ftp://x,,\n091,,Title,https://a https://b\n',
      ),
    ).toEqual([
      '2 source_url: must be one http or https address of at most 2000 characters',
      '3 source_title: needs source_url: it is the title of that address',
      '3 partners_source_url: must be one http or https address of at most 2000 characters',
    ]);
  });

  it('needs only the required columns, in any order and case, and accepts a BOM and CRLF', () => {
    const { rows, errors } = parseGrantDecisions(
      '\uFEFFLead, Title_SV ,category,status\r\n858,"Ett ""citerat"" namn",OTHER,ACTIVE\r\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, lead: '858', titleSv: 'Ett "citerat" namn', status: 'ACTIVE', partners: [] },
    ]);
  });

  it('numbers rows by the physical line they start on, past quoted multi-line fields', () => {
    const text = [
      'category,title_sv,lead,description',
      'OTHER,Ett,858,"rad ett',
      'rad två',
      '',
      'rad fyra"',
      '',
      'OTHER,Två,85,kort',
      'OTHER,"Tre',
      'på två rader",858,',
      'OTHER,,858,',
    ].join('\r\n');
    const { rows, errors } = parseGrantDecisions(text);
    expect(rows.map((r) => [r.line, r.titleSv])).toEqual([
      [2, 'Ett'],
      [8, 'Tre\npå två rader'],
      [10, null], // a title may be unknown
    ]);
    expect(rows[0].description).toBe('rad ett\nrad två\n\nrad fyra');
    expect(errors.map((e) => [e.line, e.column])).toEqual([[7, 'lead']]);
  });

  it('reports every bad cell of every row, not only the first', () => {
    expect(
      problems(
        [
          HEADER,
          'E_SERVICE,0,,x,12,853 abc,12 000,ja,2021-02-30,30.11.2021,Bad_Slug',
          'OTHER,1,Bra,,858,,,,,,',
          'OTHER,10001,Lång,,858,,-5,,,,',
        ].join('\n'),
      ),
    ).toEqual([
      '2 category: must be one of E_SERVICES, OTHER, UNCATEGORISED, not "E_SERVICE"',
      '2 list_position: must be a whole number from 1 to 10000, not "0"',
      '2 lead: "12" is not a three-digit code',
      '2 partners: "abc" is not a three-digit code',
      '2 grant_eur: must be euros like 127500 or 127500.50, without spaces or separators, not "12 000"',
      '2 grant_is_maximum: must be true or false, not "ja"',
      '2 start_date: must be a date, YYYY-MM-DD, not "2021-02-30"',
      '2 end_date: must be a date, YYYY-MM-DD, not "30.11.2021"',
      '2 topics: "Bad_Slug" is not a topic slug (lower-case-kebab)',
      '4 list_position: must be a whole number from 1 to 10000, not "10001"',
      '4 grant_eur: must be euros like 127500 or 127500.50, without spaces or separators, not "-5"',
    ]);
  });

  it('refuses duplicates: a list position twice in the file, an organisation or topic twice in a row', () => {
    expect(
      problems(
        [
          HEADER,
          'OTHER,3,Ett,,858,505 638,,,,,',
          'E_SERVICES,3,Annan kategori,,858,,,,,,',
          'OTHER,3,Samma plats,,858,,,,,,',
          'OTHER,4,Partner två gånger,,858,505;505,,,,,',
          'OTHER,5,Leden som partner,,858,858,,,,,',
          'OTHER,6,Ämne två gånger,,858,,,,,,e-services e-services',
        ].join('\n'),
      ),
    ).toEqual([
      '4 list_position: OTHER 3 is also on line 2',
      '5 partners: names 505 twice',
      '6 partners: names the lead 858 as a partner too',
      '7 topics: names e-services twice',
    ]);
  });

  it('bounds the texts as createProject does, and knows the statuses', () => {
    expect(
      problems(
        `category,title_sv,lead,status,description\nOTHER,${'x'.repeat(501)},858,DONE,${'y'.repeat(10_001)}\n`,
      ),
    ).toEqual([
      '2 title_sv: must be at most 500 characters',
      '2 description: must be at most 10,000 characters',
      '2 status: must be one of GRANTED, ACTIVE, COMPLETED, WITHDRAWN, not "DONE"',
    ]);
  });

  it('needs an amount for grant_is_maximum', () => {
    expect(problems('category,title_sv,lead,grant_is_maximum\nOTHER,Ett,858,TRUE\n')).toEqual([
      '2 grant_is_maximum: needs grant_eur: there is no amount to be a maximum of',
    ]);
  });

  it('checks the header: unknown, repeated and missing columns', () => {
    expect(problems('category,title,lead,lead\nOTHER,Ett,858,858\n')).toEqual([
      expect.stringMatching(/^1 -: unknown column "title"; the columns are category, /),
      '1 lead: the column appears twice',
    ]);
  });

  it('refuses a row with the wrong number of fields', () => {
    expect(problems('category,title_sv,lead\nOTHER,Ett,858,extra\nOTHER,Två\n')).toEqual([
      '2 -: the row has 4 fields; the header has 3',
      '3 -: the row has 2 fields; the header has 3',
    ]);
  });

  it('skips blank and all-empty rows', () => {
    const { rows, errors } = parseGrantDecisions(
      'category,title_sv,lead\n\n,,\nOTHER,Ett,858\n  \n',
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual([4]);
  });

  it('reports a CSV syntax error on the line where its row starts, with the bad rows before it', () => {
    expect(
      problems(
        [
          'category,title_sv,lead',
          'OTHER,Ett,85',
          'OTHER,"Två',
          'rader"x,858',
          'OTHER,Tre,858',
        ].join('\n'),
      ),
    ).toEqual([
      '2 lead: "85" is not a three-digit code',
      '3 -: a closing quote must be followed by a comma or the end of the line; write "" for a quote inside a quoted field (found on line 4)',
    ]);
    expect(problems('category,title_sv,lead\nOTHER,"Ett,858\nOTHER,Två,858\n')).toEqual([
      '2 -: a quoted field that starts in this row is not closed before the end of the file',
    ]);
    expect(problems('category,title_sv,lead\nOTHER,Ett "x",858\n')).toEqual([
      '2 -: a quote inside an unquoted field; quote the whole field and write "" for the quote',
    ]);
  });

  it('refuses an empty file, a header without rows, and files over the limits', () => {
    expect(problems('')).toEqual(['1 -: the file is empty; the first line must be the header']);
    expect(problems('category,title_sv,lead\n')).toEqual(['null -: the file has no rows']);
    const row = 'OTHER,Ett,858\n';
    expect(problems(`category,title_sv,lead\n${row.repeat(MAX_ROWS + 1)}`)).toEqual([
      `${MAX_ROWS + 2} -: the file has more than 5,000 rows; split it into smaller files`,
    ]);
    expect(parseGrantDecisions(`category,title_sv,lead\n${row.repeat(MAX_ROWS)}`).errors).toEqual(
      [],
    );
    expect(problems('x'.repeat(MAX_CSV_BYTES + 1))).toEqual([
      'null -: the file is 2,097,153 bytes; at most 2,097,152 (2 MB) are read at once: split it',
    ]);
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const text = 'ä'.repeat(MAX_CSV_BYTES / 2 + 1);
    expect(parseGrantDecisions(text).errors[0].message).toMatch(/^the file is 2,097,154 bytes/);
  });
});
