import { stringify } from 'csv-stringify/sync';

/** A cell as the exports produce it; null is "unknown" and stays an empty cell. */
export type Cell = string | number | boolean | Date | null;

/** One CSV column: its header and how a row fills it. */
export interface Column<R> {
  header: string;
  value: (row: R) => Cell;
}

// UTF-8 byte order mark: Excel opens a CSV as UTF-8 only with it.
export const BOM = '\uFEFF';

// A text cell starting with one of these is run as a formula by Excel and
// LibreOffice (CSV injection, e.g. "=HYPERLINK(…)" in a commitment note).
const FORMULA_START = /^[=+\-@\t\r]/;

const OPTIONS = {
  // csv-stringify's defaults write false as an empty cell (which would read as
  // "unknown") and dates as epoch milliseconds.
  cast: {
    // The apostrophe makes the spreadsheet show the text as text (OWASP's advice).
    string: (v: string) => (FORMULA_START.test(v) ? `'${v}` : v),
    boolean: (v: boolean) => (v ? 'true' : 'false'),
    date: (v: Date) => v.toISOString(),
    number: (v: number) => String(v),
  },
};

/** The header line, with the BOM in front: the first bytes of every CSV export. */
export function csvHeader<R>(columns: Column<R>[]): string {
  return BOM + stringify([columns.map((c) => c.header)], OPTIONS);
}

/** Rows as CSV lines (no header). */
export function csvRows<R>(columns: Column<R>[], rows: R[]): string {
  if (rows.length === 0) return '';
  return stringify(
    rows.map((r) => columns.map((c) => c.value(r))),
    OPTIONS,
  );
}

/** A CSV file as a stream of text chunks: header first, then one chunk per page of rows. */
export async function* csvChunks<R>(
  columns: Column<R>[],
  pages: AsyncIterable<R[]>,
): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const page of pages) {
    const text = csvRows(columns, page);
    if (text) yield text;
  }
}
