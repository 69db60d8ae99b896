import { nulInArguments, nulInValue } from './argument-text';
import { parse, OperationDefinitionNode } from 'graphql';
import { isCalendarDate, normaliseSearch, nulMessage, textProblem } from './text-rules';

describe('calendar dates (one check for every date argument)', () => {
  it.each(['2022-02-28', '2024-02-29', '0001-01-01', '9999-12-31', '2019-10-31'])(
    'accepts %s',
    (d) => expect(isCalendarDate(d)).toBe(true),
  );
  it.each([
    '2022-02-30',
    '2023-02-29',
    '0000-01-01',
    '2022-13-01',
    '2022-00-10',
    '2022-1-01',
    '20220101',
    '2022-01-01T00:00:00Z',
    ' 2022-01-01',
    '+02022-01-01',
    '',
    null,
    5,
  ])('refuses %p', (d) => expect(isCalendarDate(d)).toBe(false));
});

describe('names and notes', () => {
  it.each([
    'Turku',
    'Åbo',
    'Ääniö',
    'Pedersöre',
    'Åbo\u0301',
    'Sámi: Anár',
    'عربى',
    '中文',
    '👩‍💻 team',
    "O'Brien & Co. (2020–2021)",
    'zero\u200Dwidth joiner',
  ])('keeps ordinary Unicode: %s', (name) => expect(textProblem(name)).toBeNull());

  it.each([
    ['U+202E', 'Evil\u202Egpj.exe'],
    ['U+202D', 'a\u202Db'],
    ['U+2066', '\u2066x\u2069'],
    ['U+200F', 'rtl\u200Fmark'],
    ['U+061C', 'arabic\u061Cmark'],
    ['U+0000', 'nul\u0000'],
    ['U+0007', 'bell\u0007'],
    ['U+001B', 'esc\u001B[31m'],
    ['U+007F', 'del\u007F'],
    ['U+0085', 'next\u0085line'],
    ['U+0009', 'tab\there'],
    ['U+000A', 'two\nlines'],
    ['U+2028', 'line\u2028sep'],
  ])('refuses %s in a name', (cp, name) => {
    expect(textProblem(name)).toContain(cp);
  });

  it('lets notes have tabs and line breaks, but not other controls or bidi overrides', () => {
    expect(textProblem('line 1\nline 2\r\n\tindented', { multiline: true })).toBeNull();
    expect(textProblem('a\u202Eb', { multiline: true })).toMatch(/U\+202E.*bidirectional/);
    expect(textProblem('a\u0000b', { multiline: true })).toMatch(/U\+0000/);
    expect(textProblem('a\u000Cb', { multiline: true })).toMatch(/U\+000C/);
  });

  it('says where a NUL is: the character, or the line and column in multi-line text', () => {
    expect(nulMessage('plain')).toBeNull();
    expect(nulMessage('ab\u0000')).toMatch(/at character 3/);
    expect(nulMessage('a,b\nc,\u0000d')).toMatch(/at line 2, column 3/);
  });
});

describe('search input', () => {
  it.each([
    ['\u200BTurku', 'Turku'],
    ['\uFEFFTurku', 'Turku'],
    ['Tur\u00ADku', 'Turku'],
    ['Tur\u2060ku', 'Turku'],
    ['digital\tservices', 'digital services'],
    ['  e-forms \n\n chatbot  ', 'e-forms chatbot'],
    ['A\u030Abo', 'Åbo'],
    ['\u200B\uFEFF', ''],
    ['"quoted phrase" -not', '"quoted phrase" -not'],
  ])('normalises %j to %j', (input, expected) => expect(normaliseSearch(input)).toBe(expected));
});

describe('NUL in arguments, named by argument', () => {
  const op = (q: string) => {
    const document = parse(q);
    return { document, operation: document.definitions[0] as OperationDefinitionNode };
  };

  it('finds it in literals, nested objects and lists', () => {
    const { document, operation } = op(
      '{ projects(filter: { search: "a\\u0000" }) { totalCount } }',
    );
    expect(nulInArguments(document, operation, {})?.extensions.argument).toBe('filter.search');
    const list = op('mutation { x(input: { topics: ["a", "b\\u0000"] }) }');
    expect(nulInArguments(list.document, list.operation, {})?.extensions.argument).toBe(
      'input.topics[1]',
    );
  });

  it('finds it in variables, under the argument that uses them, and in fragments', () => {
    const { document, operation } = op(
      'query($f: ProjectFilter) { ...F } fragment F on Query { projects(filter: $f) { totalCount } }',
    );
    expect(
      nulInArguments(document, operation, { f: { topic: 'ok', search: 'x\u0000' } })?.extensions
        .argument,
    ).toBe('filter.search');
    expect(nulInArguments(document, operation, { f: { search: 'fine' } })).toBeNull();
  });

  it('names query-string parameters as they are', () => {
    expect(nulInValue({ programme: 'a\u0000' }, '')?.extensions.argument).toBe('programme');
    expect(nulInValue({ note: 'x\u0000' }, 'input')?.extensions.argument).toBe('input.note');
    expect(nulInValue({ a: ['ok', 1, null] }, '')).toBeNull();
  });
});
