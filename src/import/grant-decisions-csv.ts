import { parse } from 'csv-parse/sync';
import { isCalendarDate, nulMessage, textProblem } from '../common/text-rules';
import { ProjectCategory, ProjectStatus } from '../projects/project.enums';

/**
 * Reads a CSV file of a programme's grant decisions (docs/import.md) into
 * rows for ProjectWritesService.insert. Pure: no framework and no database,
 * so every check here is unit-tested. Codes and slugs are only checked for
 * their form; GrantImportService looks them up.
 */

/** Bounds of one import; they also keep the one audit INSERT under PostgreSQL's 65,535 parameters. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_ROWS = 5000;
// The same bounds as createProject (src/projects/dto/project.inputs.ts, not imported: it loads NestJS).
const MAX_TITLE = 500;
const MAX_DESCRIPTION = 10_000;
const MAX_REASON = 1000;
const MAX_POSITION = 10_000;
const MAX_PARTICIPANTS = 500;
const MAX_TOPICS = 20;

/** Every column a file may have, in the documented order. */
export const COLUMNS = [
  'category',
  'list_position',
  'title_sv',
  'title_fi',
  'title_en',
  'description',
  'status',
  'lead',
  'partners',
  'grant_eur',
  'grant_is_maximum',
  'participants_known',
  'start_date',
  'end_date',
  'topics',
  'deadline_override_reason',
  'period',
  'source_url',
  'source_title',
  'partners_source_url',
] as const;
export type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['lead'];

/** One problem of the file. `line` is the physical line where the row starts; null for the whole file. */
export interface RowError {
  line: number | null;
  column?: Column;
  message: string;
  /** The programme rule a row breaks (see project-rules.ts), when that is the problem. */
  rule?: string;
}

/** One grant decision: a project to create. Unknown facts are null, never guessed. */
export interface GrantDecisionRow {
  line: number;
  category: ProjectCategory;
  listPosition: number | null;
  /** Null when the source gives no Swedish title. */
  titleSv: string | null;
  titleFi: string | null;
  titleEn: string | null;
  description: string | null;
  status: ProjectStatus;
  /** Organisation codes (three digits); the lead is not among the partners. */
  lead: string;
  partners: string[];
  grantEur: number | null;
  grantIsMaximum: boolean;
  participantsKnown: boolean;
  startDate: string | null;
  endDate: string | null;
  topics: string[];
  deadlineOverrideReason: string | null;
  /** The period as the source gives it, e.g. "1/2021–10/2022". */
  period: string | null;
  /** Where this row's facts come from; null: from the file's own source. */
  source: { url: string; title: string | null } | null;
  /** Where the partners are named; null: the row's source. */
  partnersSourceUrl: string | null;
}

/** The rows that are valid, and every problem found. Import only when `errors` is empty. */
export interface GrantDecisionFile {
  rows: GrantDecisionRow[];
  errors: RowError[];
}

const CODE = /^[0-9]{3}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Euros with at most two decimals and no thousands separators, below numeric(12,2)'s limit.
const EUROS = /^[0-9]{1,10}(?:\.[0-9]{1,2})?$/;
const LIST = /[;\s]+/;
const MAX_URL = 2000;
const URL_FORM = /^https?:\/\/[^\s]+$/;

interface RawRecord {
  fields: string[];
  raw: string;
}

export function parseGrantDecisions(text: string): GrantDecisionFile {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CSV_BYTES)
    return fail(
      null,
      `the file is ${bytes.toLocaleString('en')} bytes; at most ${MAX_CSV_BYTES.toLocaleString('en')} (2 MB) are read at once: split it`,
    );
  // One line ending for csv-parse; a quoted CRLF inside a field becomes LF.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const records: RawRecord[] = [];
  let syntax: RowError | null = null;
  try {
    parse(normalised, {
      raw: true,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
      // With `raw`, csv-parse hands over { record, raw }: the fields and the exact text read.
      on_record: (entry: unknown) => {
        const { record, raw } = entry as { record: string[]; raw: string };
        records.push({ fields: record, raw });
        return null;
      },
    });
  } catch (e) {
    // The rest of the file cannot be read reliably after a syntax error, so reading stops here.
    const consumed = records.reduce((n, r) => n + r.raw.length, 0);
    const line = startLine(normalised, consumed);
    syntax = { line, message: syntaxMessage(e, line) };
  }

  // Each record's raw text, blank lines before it included, adds up to the text read so far.
  let line = 1;
  const numbered = records.map((r) => {
    const start = line + (/^\n*/.exec(r.raw)?.[0].length ?? 0);
    line += r.raw.split('\n').length - 1;
    return { ...r, line: start };
  });
  const data = numbered.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = data.shift();
  if (!header)
    return fail(
      syntax?.line ?? 1,
      syntax?.message ?? 'the file is empty; the first line must be the header',
    );
  const headerErrors = readHeader(header.fields);
  if (headerErrors.length) return { rows: [], errors: headerErrors };
  const names = header.fields.map((f) => f.trim().toLowerCase() as Column);
  if (data.length > MAX_ROWS)
    return fail(
      data[MAX_ROWS].line,
      `the file has more than ${MAX_ROWS.toLocaleString('en')} rows; split it into smaller files`,
    );

  const rows: GrantDecisionRow[] = [];
  const errors: RowError[] = [];
  const positions = new Map<string, number>();
  for (const record of data) {
    const found: RowError[] = [];
    if (record.fields.length !== names.length) {
      errors.push({
        line: record.line,
        message: `the row has ${record.fields.length} fields; the header has ${names.length}`,
      });
      continue;
    }
    const cells = new Map(names.map((n, i) => [n, record.fields[i].trim()]));
    // NUL, control and bidirectional control characters, by cell, with the line and column
    // (a quoted cell may span lines, as published titles sometimes do).
    for (const [column, value] of cells) {
      const problem = nulMessage(value) ?? textProblem(value, { multiline: true });
      if (problem) found.push({ line: record.line, column, message: problem });
    }
    const row = readRow(record.line, cells, (column, message) =>
      found.push({ line: record.line, column, message }),
    );
    if (row?.listPosition != null) {
      const key = `${row.category} ${row.listPosition}`;
      const first = positions.get(key);
      if (first !== undefined)
        found.push({
          line: record.line,
          column: 'list_position',
          message: `${key} is also on line ${first}`,
        });
      else positions.set(key, record.line);
    }
    if (found.length || !row) errors.push(...found);
    else rows.push(row);
  }
  if (syntax) errors.push(syntax);
  if (!rows.length && !errors.length) errors.push({ line: null, message: 'the file has no rows' });
  return { rows, errors };
}

function fail(line: number | null, message: string): GrantDecisionFile {
  return { rows: [], errors: [{ line, message }] };
}

/** The line where the text after `offset` begins, past any blank lines. */
function startLine(text: string, offset: number): number {
  const before = text.slice(0, offset).split('\n').length - 1;
  const blank = /^\n*/.exec(text.slice(offset))?.[0].length ?? 0;
  return before + blank + 1;
}

function syntaxMessage(error: unknown, line: number): string {
  const e = error as { code?: string; lines?: number; message?: string };
  const at = e.lines && e.lines !== line ? ` (found on line ${e.lines})` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts in this row is not closed before the end of the file';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a closing quote must be followed by a comma or the end of the line; write "" for a quote inside a quoted field${at}`;
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return `a quote inside an unquoted field; quote the whole field and write "" for the quote${at}`;
    default:
      return `the CSV cannot be read here: ${e.message ?? String(error)}`;
  }
}

function readHeader(fields: string[]): RowError[] {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    const name = field.trim().toLowerCase();
    if (!(COLUMNS as readonly string[]).includes(name))
      errors.push({
        line: 1,
        message: `unknown column "${field.trim()}"; the columns are ${COLUMNS.join(', ')}`,
      });
    else if (seen.has(name))
      errors.push({ line: 1, column: name as Column, message: 'the column appears twice' });
    seen.add(name);
  }
  for (const column of REQUIRED)
    if (!seen.has(column)) errors.push({ line: 1, column, message: 'this column is required' });
  return errors;
}

/** Reads one row; reports every bad cell and returns null when there was one. */
function readRow(
  line: number,
  cells: Map<Column, string>,
  report: (column: Column, message: string) => void,
): GrantDecisionRow | null {
  let bad = false;
  const problem = (column: Column, message: string) => {
    bad = true;
    report(column, message);
  };
  // An empty cell, or a column the file does not have, is unknown.
  const cell = (column: Column): string | null => cells.get(column) || null;
  const text = (column: Column, max: number): string | null => {
    const value = cell(column);
    if (value !== null && value.length > max)
      problem(column, `must be at most ${max.toLocaleString('en')} characters`);
    return value;
  };
  const oneOf = <T extends string>(column: Column, values: Record<string, T>): T | null => {
    const value = cell(column);
    if (value === null) return null;
    if (Object.hasOwn(values, value)) return values[value];
    problem(column, `must be one of ${Object.keys(values).join(', ')}, not "${value}"`);
    return null;
  };
  const flag = (column: Column): boolean | null => {
    const value = cell(column);
    if (value === null) return null;
    if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    problem(column, `must be true or false, not "${value}"`);
    return null;
  };
  const date = (column: Column): string | null => {
    const value = cell(column);
    if (value !== null && !isIsoDate(value))
      problem(column, `must be a date, YYYY-MM-DD, not "${value}"`);
    return value;
  };
  const list = (column: Column, pattern: RegExp, what: string, max: number): string[] => {
    const items = (cell(column) ?? '').split(LIST).filter(Boolean);
    const seen = new Set<string>();
    for (const item of items) {
      if (!pattern.test(item)) problem(column, `"${item}" is not ${what}`);
      else if (seen.has(item)) problem(column, `names ${item} twice`);
      seen.add(item);
    }
    if (items.length > max) problem(column, `must name at most ${max}`);
    return items;
  };

  // A round whose published list has no categories (all rounds after 2019) leaves it empty.
  const category = oneOf('category', ProjectCategory) ?? ProjectCategory.UNCATEGORISED;

  let listPosition: number | null = null;
  const position = cell('list_position');
  if (position !== null) {
    listPosition = Number(position);
    if (!/^[0-9]+$/.test(position) || listPosition < 1 || listPosition > MAX_POSITION)
      problem(
        'list_position',
        `must be a whole number from 1 to ${MAX_POSITION}, not "${position}"`,
      );
  }

  // Unknown titles stay empty: a decision may be known only by its lead and amount.
  const titleSv = text('title_sv', MAX_TITLE);
  const address = (column: Column): string | null => {
    const value = cell(column);
    if (value !== null && (value.length > MAX_URL || !URL_FORM.test(value)))
      problem(column, `must be one http or https address of at most ${MAX_URL} characters`);
    return value;
  };
  const sourceUrl = address('source_url');
  const sourceTitle = text('source_title', MAX_TITLE);
  if (sourceTitle !== null && sourceUrl === null)
    problem('source_title', 'needs source_url: it is the title of that address');
  const partnersSourceUrl = address('partners_source_url');

  const lead = cell('lead');
  if (lead === null) problem('lead', 'is required: the three-digit code of the lead');
  else if (!CODE.test(lead)) problem('lead', `"${lead}" is not a three-digit code`);
  const partners = list('partners', CODE, 'a three-digit code', MAX_PARTICIPANTS - 1);
  if (lead !== null && partners.includes(lead))
    problem('partners', `names the lead ${lead} as a partner too`);

  let grantEur: number | null = null;
  const grant = cell('grant_eur');
  if (grant !== null) {
    if (EUROS.test(grant)) grantEur = Number(grant);
    else
      problem(
        'grant_eur',
        `must be euros like 127500 or 127500.50, without spaces or separators, not "${grant}"`,
      );
  }
  const grantIsMaximum = flag('grant_is_maximum');
  if (grantIsMaximum && grant === null)
    problem('grant_is_maximum', 'needs grant_eur: there is no amount to be a maximum of');

  const row: GrantDecisionRow = {
    line,
    category,
    listPosition,
    titleSv,
    titleFi: text('title_fi', MAX_TITLE),
    titleEn: text('title_en', MAX_TITLE),
    description: text('description', MAX_DESCRIPTION),
    // A grant decision is what the file records, so a row without a status is GRANTED.
    status: oneOf('status', ProjectStatus) ?? ProjectStatus.GRANTED,
    lead: lead!,
    partners,
    grantEur,
    grantIsMaximum: grantIsMaximum ?? false,
    participantsKnown: flag('participants_known') ?? false,
    startDate: date('start_date'),
    endDate: date('end_date'),
    topics: list('topics', SLUG, 'a topic slug (lower-case-kebab)', MAX_TOPICS),
    deadlineOverrideReason: text('deadline_override_reason', MAX_REASON),
    period: text('period', MAX_TITLE),
    source: sourceUrl === null ? null : { url: sourceUrl, title: sourceTitle },
    partnersSourceUrl,
  };
  return bad ? null : row;
}

/** YYYY-MM-DD and a real calendar day (no 2021-02-30, no year 0): the API's one check. */
const isIsoDate = isCalendarDate;
