/**
 * What text the API accepts, in one place and without framework imports, so the
 * GraphQL edge, the argument classes, the download routes and the CSV import
 * apply the same rules (docs/errors.md, "Text and dates").
 */

/** "U+202E" for a code point. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Line and column (both from 1) of a position in a text. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL would only fail deep in a query.
 * Returns where the first one is, or null.
 */
export function nulMessage(value: string): string | null {
  const index = value.indexOf('\u0000');
  if (index < 0) return null;
  const at = value.includes('\n')
    ? (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(value, index))
    : ` at character ${index + 1}`;
  return `contains a NUL character (U+0000)${at}, which text may not hold`;
}

// Bidirectional controls (Unicode's Bidi_Control property: U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) reorder what is shown: "‮gpj.exe" looks like "exe.jpg".
const BIDI_CONTROL = /\p{Bidi_Control}/u;
// C0 and C1 controls, and the line and paragraph separators, which also break lines.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_EXCEPT_LINES = /(?![\t\n\r])\p{Cc}|[\u2028\u2029]/u;

/**
 * Why a name or note cannot be stored as given, or null when it can. Names are
 * one line: no control characters at all. Multi-line text (notes, descriptions,
 * reasons) may hold tabs and line breaks. Neither may hold bidirectional
 * controls, which can make a label in the page or an export read as something
 * else. Every other character (letters of any script, accents, emoji with their
 * joiners) is ordinary text and is kept.
 */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  const control = options.multiline ? CONTROL_EXCEPT_LINES : CONTROL;
  const bad = BIDI_CONTROL.exec(value) ?? control.exec(value);
  if (!bad) return null;
  const cp = bad[0].codePointAt(0)!;
  const what = BIDI_CONTROL.test(bad[0])
    ? 'a bidirectional control character, which can disguise how the text reads'
    : 'a control character';
  return `contains ${codePointName(cp)} at character ${bad.index + 1}: ${what}${options.multiline ? '' : '; names are one line of visible text'}`;
}

// Invisible characters that come along when text is pasted: zero-width space,
// word joiner, soft hyphen and the byte-order mark.
const INVISIBLE = /[\u200B\u2060\u00AD\uFEFF]/g;
const WHITESPACE_RUN = /[\s\u0085]+/g;

/**
 * Search input as people paste it: invisible characters dropped, tabs, line
 * breaks and runs of spaces made one space, trimmed, and in NFC (so "Åbo" typed
 * with a combining ring is the same as with the precomposed letter).
 */
export function normaliseSearch(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * A calendar date as YYYY-MM-DD: a day that exists (no 2022-02-30) in the years
 * 0001–9999 (PostgreSQL has no year 0, and ISO 8601 needs a sign past 9999).
 */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  if (value.startsWith('0000')) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

export const CALENDAR_DATE_MESSAGE = 'must be a calendar date, YYYY-MM-DD (years 0001–9999)';
