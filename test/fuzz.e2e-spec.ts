import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { documentedCodes, LEAK } from './support/error-codes';
import { startTestApp, TestApp } from './support/test-app';
import { issueTestToken } from './support/tokens';

/**
 * Property-based fuzzing of the whole HTTP surface with fast-check: random and
 * malformed documents, mutated real queries, random variables, invalid writes
 * with and without tokens, and malformed HTTP. For every response:
 *   - the status is below 500;
 *   - the body has no stack trace, module path or SQL text;
 *   - every error has an `extensions.code` (or `error.code` off /graphql) that
 *     docs/errors.md documents, and none is INTERNAL_SERVER_ERROR;
 * and afterwards every table's rows are exactly what they were.
 *
 * Writes: the mutation generators produce only invalid writes. Every input
 * carries at least one poison the server must refuse (a missing or unknown
 * field, a wrong type, an id of nothing, a value past a documented bound), so
 * a mutation that succeeds is itself a failure, and the data must not change.
 *
 * The edge categories (f) check more than those invariants, each against a
 * simple oracle written here: NUL anywhere in an argument is BAD_USER_INPUT
 * naming it; an anonymous mutation is UNAUTHENTICATED whatever its input; a date
 * is refused exactly when it is not a calendar day; a name is refused exactly
 * when it holds a control or bidirectional character, and ordinary Unicode is
 * kept (dry-run imports, which write nothing); any charset but UTF-8 is 415; an
 * unseen persisted-query hash is PERSISTED_QUERY_NOT_FOUND; a subscription over
 * HTTP is BAD_REQUEST; too many fields in a set is QUERY_TOO_COMPLEX `fields`.
 * Every error on /graphql, those Node's HTTP parser makes included, is GraphQL-shaped.
 *
 * FUZZ_SEED replays a run (the seed is printed on failure); FUZZ_SCALE
 * multiplies the run counts (default 1: about 10,400 requests, most sent four at a time).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
// Generous: the machine may be shared; the run counts, not the clock, bound the work.
const TIMEOUT = 600_000 * Math.max(1, SCALE);

const CODES = documentedCodes();

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

let t: TestApp;
let admin: string;
let coordinator: string;
const stats = {
  requests: 0,
  statuses: new Map<number, number>(),
  codes: new Map<string, number>(),
  retried: [] as string[],
};

/** Checks one response against the properties; throws with the request and response on a breach. */
function judge(sent: Sent, status: number, text: string): void {
  const fail = (why: string) => {
    const body =
      typeof sent.body === 'string' ? sent.body.slice(0, 500) : `<${sent.body?.length} bytes>`;
    throw new Error(
      `${why}\n  request: ${sent.method} ${sent.path.slice(0, 300)} ${JSON.stringify(sent.headers)}\n  body: ${body}\n  response ${status}: ${text.slice(0, 800)}`,
    );
  };
  stats.requests++;
  stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
  if (status >= 500) fail(`status ${status}`);
  const leak = LEAK.exec(text);
  if (leak) fail(`leaks ${JSON.stringify(leak[0])}`);
  const graphql = sent.path.split('?')[0] === '/graphql';
  if (sent.method === 'HEAD' || text === '') {
    if (graphql && status >= 400 && sent.method !== 'HEAD') fail('an error without a body');
    return;
  }
  // A browser's GET of /graphql gets the API explorer's page (src/web/explorer-page.ts).
  const html = /text\/html/.test(sent.headers.accept ?? '');
  if (graphql && html && sent.method === 'GET' && status === 200 && text.startsWith('<!doctype'))
    return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Exports, metrics and health answer in their own formats when they succeed.
    if (graphql || status >= 400) fail('an answer that is not JSON');
    return;
  }
  const codes: unknown[] = [];
  const b = body as { errors?: unknown; error?: { code?: unknown } };
  if (Array.isArray(b.errors))
    for (const e of b.errors as { extensions?: { code?: unknown } }[])
      codes.push(e?.extensions?.code);
  // A successful health check has its own `error: {}` (terminus' failing indicators: none).
  else if (graphql && status >= 400) fail('an error on /graphql that is not GraphQL-shaped');
  else if (b.error && typeof b.error === 'object' && status >= 400) codes.push(b.error.code);
  else if (status >= 400) fail('an error body without errors[] or error');
  for (const code of codes) {
    stats.codes.set(String(code), (stats.codes.get(String(code)) ?? 0) + 1);
    if (typeof code !== 'string' || !CODES.has(code)) fail(`undocumented code ${String(code)}`);
    if (code === 'INTERNAL_SERVER_ERROR') fail('INTERNAL_SERVER_ERROR');
  }
}

async function send(sent: Sent): Promise<{ status: number; text: string }> {
  const init = {
    method: sent.method,
    headers: sent.headers,
    body: sent.body as RequestInit['body'],
  };
  let res: Response;
  try {
    res = await fetch(`${t.baseUrl}${sent.path}`, init);
  } catch (e) {
    // A pooled keep-alive socket the server closed a moment earlier fails before any answer;
    // the request is sent once more on a fresh connection (counted). A server that is down fails again.
    stats.retried.push(String((e as { cause?: { code?: string } }).cause?.code ?? e));
    res = await fetch(`${t.baseUrl}${sent.path}`, {
      ...init,
      headers: { ...sent.headers, connection: 'close' },
    });
  }
  const text = await res.text();
  judge(sent, res.status, text);
  return { status: res.status, text };
}

function postJson(payload: unknown, token?: string) {
  return send({
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(payload),
  });
}

/**
 * Runs a property with the fixed seed; the failure message starts with how to replay it.
 * With `batch`, each run draws that many inputs and sends them at once (the server
 * serves requests concurrently in real use too); `inputs` is then the number of inputs.
 */
async function check<T>(
  arb: fc.Arbitrary<T>,
  inputs: number,
  run: (v: T) => Promise<void>,
  batch = 1,
) {
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: batch, maxLength: batch }), async (vs) => {
        await Promise.all(vs.map(run));
      }),
      {
        seed: SEED,
        numRuns: Math.ceil(inputs / batch),
        endOnFailure: true,
        includeErrorInReport: true,
      },
    );
  } catch (e) {
    throw new Error(
      `fuzz failure (replay with FUZZ_SEED=${SEED} FUZZ_SCALE=${SCALE}):\n${(e as Error).message}`,
    );
  }
}

// ---------------------------------------------------------------- generators

const LONG = fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'ä'.repeat(n));
const NASTY_STRINGS = fc.constantFrom(
  '',
  ' ',
  '%',
  '_',
  '\\',
  "'",
  '"',
  "' or 1=1 --",
  "'); drop table project; --",
  '\u0000',
  'a\u0000b',
  '\ud800',
  '🦄💥',
  'Åbo\u0301',
  '<script>alert(1)</script>',
  '${jndi:x}',
  '../../etc/passwd',
  '9'.repeat(400),
  'TXVuaWNpcGFsaXR5OjE2OQ',
  'UHJvamVjdDoxNg',
  'UHJvamVjdDo5OTk5OTk5OTk5OTk5OTk5OTk5',
  'Tm9wZTox',
  'Evil\u202Egpj.exe',
  '\u2066x\u2069',
  '\u200Btab\there\uFEFF',
  '\u001B[31mred',
  'line\u2028break',
  '2022-02-30',
  '0000-01-01',
);
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  NASTY_STRINGS,
  { arbitrary: LONG, weight: 1 },
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0, -1, 101, 5001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e300, -1e300, 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Any JSON value, biased towards the awkward ones. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  anyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

// The public read queries of README.md, plus ones from the read and graph suites.
function corpus(): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.concat([
    `{ municipality(code: "092") { id code nameFi nameSv languageStatus population2019 region { code nameFi } participations { role project { titleSv } } participationCount } }`,
    `{ municipalities(first: 5, after: "YXJyYXljb25uZWN0aW9uOjQ", filter: { regionCode: "01", languageStatus: BILINGUAL_FINNISH_MAJORITY }) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { nameFi } } } }`,
    `{ projects(last: 2, filter: { status: GRANTED, category: E_SERVICES, programme: "vm-digi-joint-2019" }) { edges { node { id titleSv status grantEur participants { role organisation { nameFi } } topics { slug } } } } }`,
    `{ programmes { edges { node { code nameFi completionDeadline minParticipants projects(first: 2) { totalCount } } } } }`,
    `{ programme(code: "vm-digi-joint-2019") { nameEn completionDeadline } }`,
    `{ topics { edges { node { slug nameFi projects(first: 3) { totalCount } } } } }`,
    `{ topic(slug: "knowledge-based-management") { nameEn } }`,
    `{ regions { code nameFi municipalities(first: 2) { totalCount } } }`,
    `{ jointAuthorities(first: 3) { totalCount edges { node { nameFi members { nameFi } } } } }`,
    `{ node(id: "UHJvamVjdDoxNg") { id __typename ... on Project { titleSv } } }`,
    `{ network(programme: "vm-digi-joint-2019", maxNodes: 300) { nodes { degree componentId brokerScore organisation { nameFi } } edges { weight kinds } } }`,
    `{ collaborationPath(from: "TXVuaWNpcGFsaXR5OjE2OQ", to: "TXVuaWNpcGFsaXR5OjE", maxDepth: 3) { found length organisations { nameFi } } }`,
    `{ cooperationGaps(programme: "vm-digi-joint-2019", first: 5, threshold: 0.2) { similarPairCount } }`,
    `{ recommendedPartners(organisation: "TXVuaWNpcGFsaXR5OjE2OQ") { score organisation { nameFi } } }`,
    `{ priorWork(project: "UHJvamVjdDoxNg", first: 3) { totalCount } }`,
    `query Q($c: String!) { municipality(code: $c) { nameFi } } `,
    `{ __schema { queryType { name } types { name kind } } }`,
  ]);
}

// GraphQL tokens: strings, block strings, names, numbers, punctuators and spreads.
const TOKEN =
  /"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"|\.\.\.|[_A-Za-z][_0-9A-Za-z]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[!$&()[\]{}:=@|,]/g;
const tokenize = (q: string) => q.match(TOKEN) ?? [];

/** A GraphQL literal of any type: what an argument is replaced with. */
const literal: fc.Arbitrary<string> = fc.oneof(
  anyString.map((s) => JSON.stringify(s)),
  anyNumber.map((n) => String(n)),
  fc.constantFrom(
    'null',
    'true',
    'false',
    '[]',
    '{}',
    'NOT_AN_ENUM',
    'ACTIVE',
    '99999999999999999999999',
    '-1',
    '0',
    '1e999',
    '[1, "a", null]',
    '{ search: 5 }',
    '$undeclared',
  ),
);

type Mutation =
  | { kind: 'drop'; i: number }
  | { kind: 'dup'; i: number }
  | { kind: 'swap'; i: number; j: number }
  | { kind: 'arg'; i: number; value: string }
  | { kind: 'insert'; i: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }),
  {
    arbitrary: fc.record({ kind: fc.constant('arg' as const), i: fc.nat(), value: literal }),
    weight: 3,
  },
  fc.record({
    kind: fc.constant('insert' as const),
    i: fc.nat(),
    token: fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '...',
      'on',
      'fragment',
      '@skip(if: true)',
      '__typename',
      'nope',
      '$x',
      ':',
      '"',
    ),
  }),
);

function mutate(tokens: string[], ms: Mutation[]): string {
  const out = [...tokens];
  for (const m of ms) {
    if (out.length === 0) break;
    const i = m.i % out.length;
    if (m.kind === 'drop') out.splice(i, 1);
    else if (m.kind === 'dup') out.splice(i, 0, out[i]);
    else if (m.kind === 'swap') {
      const j = m.j % out.length;
      [out[i], out[j]] = [out[j], out[i]];
    } else if (m.kind === 'insert') out.splice(i, 0, m.token);
    else {
      // Replace the value after the i-th argument colon (or any token, if none is left).
      const colons = out.flatMap((tok, k) => (tok === ':' && k + 1 < out.length ? [k + 1] : []));
      out[colons.length ? colons[i % colons.length] : i] = m.value;
    }
  }
  return out.join(' ');
}

// Nesting deepened through the cycle municipality -> project -> organisation (at most
// 4 turns: the data fan-out, not the server, bounds how deep a test may go without limits).
const deepQuery = fc
  .record({ depth: fc.integer({ min: 1, max: 4 }), first: anyNumber })
  .map(
    ({ depth, first }) =>
      `{ municipality(code: "092") { ${'participations(first: 3) { project { participants { organisation { '.repeat(depth)}nameFi${' } } } }'.repeat(depth)} participations(first: ${first}) { role } } }`,
  );

// Parameterised queries and the variables they declare.
const PARAMETERISED: { query: string; vars: string[] }[] = [
  {
    query: `query($o: ID!, $d: Int, $via: [LinkKind!], $first: Int, $after: String, $k: Int) { partnersOfPartners(organisation: $o, maxDepth: $d, via: $via, first: $first, after: $after, examplePaths: $k) { totalCount edges { node { distance organisation { nameFi } } } } }`,
    vars: ['o', 'd', 'via', 'first', 'after', 'k'],
  },
  {
    query: `query($a: ID!, $b: ID!, $d: Int) { collaborationPath(from: $a, to: $b, maxDepth: $d) { found length } }`,
    vars: ['a', 'b', 'd'],
  },
  {
    query: `query($a: ID!, $b: ID!) { sharedTopics(a: $a, b: $b) { topic { slug } } }`,
    vars: ['a', 'b'],
  },
  {
    query: `query($p: ID!, $min: Float, $first: Int) { similarProjects(project: $p, minScore: $min, first: $first) { score project { titleSv } } }`,
    vars: ['p', 'min', 'first'],
  },
  {
    query: `query($o: ID, $p: ID) { recommendedPartners(organisation: $o, project: $p) { score } }`,
    vars: ['o', 'p'],
  },
  {
    query: `query($programme: String, $region: String, $topic: String, $max: Int) { network(programme: $programme, region: $region, topic: $topic, maxNodes: $max) { nodes { degree } } }`,
    vars: ['programme', 'region', 'topic', 'max'],
  },
  {
    query: `query($first: Int, $last: Int, $after: String, $before: String, $filter: ProjectFilter) { projects(first: $first, last: $last, after: $after, before: $before, filter: $filter) { totalCount edges { node { titleSv } } } }`,
    vars: ['first', 'last', 'after', 'before', 'filter'],
  },
  {
    query: `query($filter: MunicipalityFilter, $first: Int) { municipalities(filter: $filter, first: $first) { totalCount } }`,
    vars: ['filter', 'first'],
  },
  {
    query: `query($programme: String!, $category: ProjectCategory!, $position: Int!) { projectByListing(programme: $programme, category: $category, position: $position) { titleSv } }`,
    vars: ['programme', 'category', 'position'],
  },
  {
    query: `query($id: ID!) { node(id: $id) { id } }`,
    vars: ['id'],
  },
  {
    query: `query($programme: String!, $asOf: String, $t: Float, $first: Int) { cooperationGaps(programme: $programme, asOf: $asOf, threshold: $t, first: $first) { similarPairCount } }`,
    vars: ['programme', 'asOf', 't', 'first'],
  },
];

// Ids of real objects (from the seeded dataset), so some random variables reach the services.
const REAL_IDS = fc.constantFrom(
  'TXVuaWNpcGFsaXR5OjE2OQ',
  'TXVuaWNpcGFsaXR5OjE',
  'UHJvamVjdDoxNg',
  'UHJvamVjdDox',
  'UHJvZ3JhbW1lOjE',
  'VG9waWM6MQ',
);
const variableValue = fc.oneof(
  { arbitrary: anyJson, weight: 4 },
  { arbitrary: REAL_IDS, weight: 1 },
  {
    arbitrary: fc.record(
      {
        search: anyJson,
        topic: anyJson,
        programme: anyJson,
        municipality: anyJson,
        organisation: anyJson,
        status: fc.constantFrom('ACTIVE', 'nope', 1),
        regionCode: anyJson,
      },
      { requiredKeys: [] },
    ),
    weight: 1,
  },
  {
    arbitrary: fc.array(fc.constantFrom('PROJECT', 'COMMITMENT', 'REUSE', 'MEMBERSHIP', 'X')),
    weight: 1,
  },
);

// ----------------------------------------------------------- invalid writes

type FieldType =
  | 'ID'
  | 'String'
  | 'Int'
  | 'Float'
  | 'Boolean'
  | 'Enum'
  | '[ID]'
  | 'Participant'
  | '[Participant]'
  | 'Source';
interface FieldSpec {
  type: FieldType;
  required?: boolean;
  /** An id field: the poison "id of nothing" applies. */
  ref?: string;
  values?: string[];
  /** Documented maximum length (strings) or minimum (ints): the poison "past a bound" applies. */
  max?: number;
  min?: number;
}
const S = (max: number, required = false): FieldSpec => ({ type: 'String', max, required });
const REF = (type: string, required = true): FieldSpec => ({ type: 'ID', ref: type, required });
const VERSION: FieldSpec = { type: 'Int', required: true, min: 1 };
const STATUS = ['GRANTED', 'ACTIVE', 'COMPLETED', 'WITHDRAWN'];

const MUTATIONS: Record<string, { input: string; fields: Record<string, FieldSpec> }> = {
  createTopic: {
    input: 'CreateTopicInput',
    fields: {
      slug: S(80, true),
      nameFi: S(200, true),
      nameSv: S(200, true),
      nameEn: S(200, true),
      description: S(2000),
    },
  },
  createJointAuthority: {
    input: 'CreateJointAuthorityInput',
    fields: {
      nameFi: S(300, true),
      nameSv: S(300),
      nameEn: S(300),
      members: { type: '[ID]', ref: 'Municipality' },
    },
  },
  updateJointAuthority: {
    input: 'UpdateJointAuthorityInput',
    fields: {
      jointAuthority: REF('JointAuthority'),
      version: VERSION,
      nameFi: S(300),
      members: { type: '[ID]', ref: 'Municipality' },
    },
  },
  createProject: {
    input: 'CreateProjectInput',
    fields: {
      programme: REF('Programme'),
      category: { type: 'Enum', values: ['E_SERVICES', 'OTHER'], required: true },
      titleSv: S(500, true),
      titleFi: S(500),
      participants: { type: '[Participant]', required: true },
      topics: { type: '[ID]', ref: 'Topic' },
      status: { type: 'Enum', values: STATUS },
      grantEur: { type: 'Float', min: 0 },
      listPosition: { type: 'Int', min: 1 },
      startDate: { type: 'String' },
      endDate: { type: 'String' },
    },
  },
  updateProject: {
    input: 'UpdateProjectInput',
    fields: {
      project: REF('Project'),
      version: VERSION,
      titleSv: S(500),
      status: { type: 'Enum', values: STATUS },
      grantEur: { type: 'Float', min: 0 },
      endDate: { type: 'String' },
      participantsKnown: { type: 'Boolean' },
    },
  },
  addParticipant: {
    input: 'AddParticipantInput',
    fields: {
      project: REF('Project'),
      participant: { type: 'Participant', required: true },
      version: { type: 'Int', min: 1 },
    },
  },
  removeParticipant: {
    input: 'RemoveParticipantInput',
    fields: {
      project: REF('Project'),
      organisation: REF('Municipality'),
      version: { type: 'Int', min: 1 },
    },
  },
  setProjectTopics: {
    input: 'SetProjectTopicsInput',
    fields: {
      project: REF('Project'),
      topics: { type: '[ID]', ref: 'Topic', required: true },
      version: { type: 'Int', min: 1 },
    },
  },
  recordCommitment: {
    input: 'RecordCommitmentInput',
    fields: {
      project: REF('Project'),
      otherProject: REF('Project'),
      kind: { type: 'Enum', values: ['JOINT_DEVELOPMENT', 'KNOWLEDGE_SHARING'], required: true },
      status: { type: 'Enum', values: ['PROPOSED', 'ACTIVE'] },
      note: S(1000),
      evidenceUrl: S(2000),
      committedOn: { type: 'String' },
    },
  },
  changeCommitmentStatus: {
    input: 'ChangeCommitmentStatusInput',
    fields: {
      commitment: REF('CooperationCommitment'),
      status: { type: 'Enum', values: ['ACTIVE', 'WITHDRAWN', 'LAPSED'], required: true },
      version: VERSION,
      reason: S(1000),
    },
  },
  verifyCommitment: {
    input: 'VerifyCommitmentInput',
    fields: { commitment: REF('CooperationCommitment'), version: VERSION },
  },
  recordReuseLink: {
    input: 'RecordReuseLinkInput',
    fields: {
      project: REF('Project'),
      sourceProject: REF('Project', false),
      sourceOutput: S(500),
      description: S(2000),
    },
  },
  importGrantDecisions: {
    input: 'ImportGrantDecisionsInput',
    fields: {
      programme: REF('Programme'),
      csv: { type: 'String', required: true, max: 100_000 },
      dryRun: { type: 'Boolean' },
      source: { type: 'Source', required: true },
    },
  },
};

const gidOf = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
/** An id that decodes well but names nothing. */
const ghostId = (type: string) =>
  fc.integer({ min: 1_000_000, max: 2_147_483_647 }).map((n) => gidOf(type, n));

/** A well-typed value, possibly valid: drawn near real ids and real enum values. */
function plausible(spec: FieldSpec): fc.Arbitrary<unknown> {
  const id = fc.oneof(
    REAL_IDS,
    anyString,
    fc.integer({ min: 1, max: 400 }).map((n) => gidOf(spec.ref ?? 'Project', n)),
  );
  const participant = fc.record({ organisation: id, role: fc.constantFrom('LEAD', 'PARTNER') });
  switch (spec.type) {
    case 'ID':
      return id;
    case '[ID]':
      return fc.array(id, { maxLength: 4 });
    case 'String':
      return anyString;
    case 'Int':
      return fc.oneof(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      );
    case 'Float':
      return fc.oneof(
        fc.integer({ min: 0, max: 500_000 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'Boolean':
      return fc.boolean();
    case 'Enum':
      return fc.constantFrom(...spec.values!);
    case 'Participant':
      return participant;
    case '[Participant]':
      return fc.array(participant, { minLength: 1, maxLength: 3 });
    case 'Source':
      return fc.record({ title: anyString, url: anyString });
  }
}

/** A value of the wrong GraphQL type for the field (refused by variable coercion). */
function wrongType(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'Int':
      return fc.oneof(
        fc.constantFrom(1.5, 2 ** 31, -(2 ** 40), '1', true),
        fc.object({ maxDepth: 1 }),
      );
    case 'Float':
      return fc.constantFrom('1', true, {}, [1]);
    case 'Boolean':
      return fc.constantFrom('true', 1, 0, {});
    case 'Enum':
      return fc.oneof(
        fc.constantFrom('not_a_value', 1, true),
        anyString.filter((s) => !spec.values!.includes(s)),
      );
    default:
      // String, ID, lists and objects: booleans and objects are never any of them.
      return fc.constantFrom(true, false, { a: 1 }, [{ b: [] }]);
  }
}

type Poison = 'missing' | 'unknownField' | 'wrongType' | 'ghostRef' | 'pastBound';

/** A mutation name, an input with random fields, and at least one poison that makes it invalid. */
const invalidWrite = fc.constantFrom(...Object.keys(MUTATIONS)).chain((name) => {
  const { fields } = MUTATIONS[name];
  const names = Object.keys(fields);
  const poisons: Poison[] = ['missing', 'unknownField', 'wrongType'];
  const refs = names.filter((f) => fields[f].ref && fields[f].required && fields[f].type === 'ID');
  const bounded = names.filter((f) => fields[f].max !== undefined || fields[f].min !== undefined);
  if (refs.length) poisons.push('ghostRef', 'ghostRef');
  if (bounded.length) poisons.push('pastBound', 'pastBound');
  const required = names.filter((f) => fields[f].required);
  const base = fc.record(Object.fromEntries(names.map((f) => [f, plausible(fields[f])])), {
    requiredKeys: required,
  });
  return fc
    .tuple(fc.constant(name), base, fc.constantFrom(...poisons), fc.nat(), fc.nat())
    .chain(([n, input, poison, a, b]) => {
      const pick = (list: string[]) => list[a % list.length];
      const patch = (f: string, v: fc.Arbitrary<unknown>) =>
        v.map((value) => ({ name: n, poison: `${poison}:${f}`, input: { ...input, [f]: value } }));
      switch (poison) {
        case 'missing': {
          // Only a required field can be missing; createTopic etc. always have one.
          const f = pick(required.length ? required : names);
          const { [f]: _gone, ...rest } = input;
          return fc.constant({
            name: n,
            poison: `missing:${f}`,
            input: required.length ? rest : { ...rest, zz: b },
          });
        }
        case 'unknownField':
          return fc.constant({ name: n, poison, input: { ...input, [`zz${b % 7}`]: b } });
        case 'wrongType': {
          const f = pick(names);
          return patch(f, wrongType(fields[f]));
        }
        case 'ghostRef': {
          const f = pick(refs);
          return patch(f, ghostId(fields[f].ref!));
        }
        case 'pastBound': {
          const f = pick(bounded);
          const spec = fields[f];
          if (spec.max !== undefined)
            return patch(f, fc.constant('x'.repeat(spec.max + 1 + (b % 50))));
          return patch(f, fc.integer({ min: -1000, max: spec.min! - 1 }));
        }
      }
    });
});

// ------------------------------------------------------------ malformed HTTP

const CONTENT_TYPES = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/json; charset=nope',
    'application/graphql-response+json',
    'application/graphql',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    '*/*',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const rawBody: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    '{"query":',
    '{"query":"{ __typename }"',
    '[{"query":"{ __typename }"},{"query":"{ regions { code } }"}]',
    '[]',
    '{}',
    'null',
    '"{ __typename }"',
    '{"query":null}',
    '{"query":["{ __typename }"]}',
    '{"query":"{ __typename }","variables":"{"}',
    '{"query":"{ __typename }","variables":[1]}',
    '{"query":"{ __typename }","operationName":5}',
    '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    '{"query":"query A { __typename } query B { __typename }"}',
    '{"query":"{ __typename }","operationName":"Nope"}',
    '{"query":"subscription { __typename }"}',
    '{"query":"mutation { __typename }"}',
    'query=%7B__typename%7D',
    '{"__proto__":{"query":"{ __typename }"}}',
    '{"query":"{ __typename }"}'.repeat(3),
  ),
  fc.uint8Array({ maxLength: 300 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);
const queryParams = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'query',
        'variables',
        'operationName',
        'extensions',
        'first',
        'maxNodes',
        'programme',
        'x',
        'query[]',
        'query[a]',
      ),
      fc.oneof(
        anyString,
        fc.constantFrom('{ __typename }', '{', '%', '%E0%A4%A', '{"a":', 'null', '[]'),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length
      ? '?' +
        pairs
          .map(
            ([k, v]) =>
              `${k}=${v.includes('%') ? v : encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`,
          )
          .join('&')
      : '',
  );
const malformedHttp = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(
      '/graphql',
      '/graphql/',
      '/GRAPHQL',
      '/',
      '/network/graphml',
      '/network/nodes.csv',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/graphql/../metrics',
    ),
    fc.string({ maxLength: 20 }).map((s) => '/' + encodeURIComponent(s)),
  ),
  query: queryParams,
  contentType: CONTENT_TYPES,
  preflight: fc.boolean(),
  accept: fc.constantFrom(
    undefined,
    'application/json',
    'application/graphql-response+json',
    'text/html',
    '*/*',
    'nope',
  ),
  body: rawBody,
});

// Characters a name may not hold, those it may, and the invisible ones search drops.
const EDGE_CHAR = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
  '\t',
  '\n',
  '\r',
  '\u2028',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\uFEFF',
  '\u00AD',
  '\u0301',
  '"',
  ',',
  ' ',
);
/** Ordinary text of any script, now and then with an edge character. */
const nameText = fc
  .array(
    fc.oneof(
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }), weight: 6 },
      { arbitrary: EDGE_CHAR, weight: 1 },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));
/** A name with at least one character a name may not hold. */
const poisonedName = fc
  .tuple(
    nameText,
    fc.constantFrom(
      '\u0000',
      '\u0007',
      '\t',
      '\n',
      '\u202E',
      '\u2066',
      '\u200F',
      '\u061C',
      '\u2028',
      '\u009B',
    ),
    nameText,
  )
  .map(([a, bad, b]) => a + bad + b);

// ---------------------------------------------------------------- the suite

/** md5 of every table's rows, ordered, so any write anywhere shows. */
async function digest(): Promise<Record<string, string>> {
  const tables = await t.db.sql<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.db.sql<{ md5: string; n: string }>(
      `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5, count(*) AS n FROM ${name} x`,
    );
    out[name] = `${row.n}:${row.md5}`;
  }
  return out;
}

describe('fuzzing the HTTP surface (fast-check)', () => {
  let before: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_POINTS: '0' } });
    admin = (await issueTestToken(t.db, { role: 'ADMIN' })).token;
    coordinator = (await issueTestToken(t.db, { role: 'COORDINATOR', municipalities: ['858'] }))
      .token;
    before = await digest();
  }, 120_000);

  afterAll(async () => {
    console.log(
      `fuzz: ${stats.requests} requests (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries(stats.statuses))}; codes ${JSON.stringify(Object.fromEntries(stats.codes))}; retried after a connection error: ${JSON.stringify(stats.retried)}`,
    );
    await t?.close();
  });

  it(
    '(a) random strings and byte soup as the query',
    async () => {
      const soup = fc
        .array(
          fc.constantFrom(
            '{',
            '}',
            '(',
            ')',
            '[',
            ']',
            ':',
            '!',
            '$x',
            '...',
            'on',
            '@include(if: $x)',
            'query',
            'mutation',
            'subscription',
            'fragment',
            'F',
            '__schema',
            '__type',
            'projects',
            'edges',
            'node',
            'first',
            '1e999',
            '"s"',
            '"""',
            '#',
            ',',
            '=',
            '|',
            '&',
          ),
          { maxLength: 60 },
        )
        .map((tokens) => tokens.join(' '));
      const query = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        soup,
        LONG,
      );
      await check(
        fc.tuple(query, fc.option(anyString), fc.option(anyJson)),
        runs(1400),
        async ([q, op, vars]) => {
          await postJson({
            query: q,
            ...(op !== null ? { operationName: op } : {}),
            ...(vars !== null ? { variables: vars } : {}),
          });
        },
        4,
      );
    },
    TIMEOUT,
  );

  it(
    '(b) real read queries, mutated: tokens dropped, duplicated, swapped, arguments replaced, nesting deepened',
    async () => {
      const docs = corpus().map(tokenize);
      expect(docs.length).toBeGreaterThan(15);
      const mutated = fc.oneof(
        {
          arbitrary: fc
            .tuple(fc.nat(docs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }))
            .map(([d, ms]) => mutate(docs[d], ms)),
          weight: 6,
        },
        { arbitrary: deepQuery, weight: 1 },
      );
      await check(
        mutated,
        runs(2600),
        async (q) => {
          await postJson({ query: q });
        },
        4,
      );
    },
    TIMEOUT,
  );

  it(
    '(c) random variables for parameterised queries',
    async () => {
      const request = fc.nat(PARAMETERISED.length - 1).chain((i) =>
        fc.tuple(
          fc.constant(PARAMETERISED[i]),
          fc.oneof(
            {
              arbitrary: fc.record(
                Object.fromEntries(PARAMETERISED[i].vars.map((v) => [v, variableValue])),
                { requiredKeys: [] },
              ),
              weight: 8,
            },
            { arbitrary: anyJson, weight: 1 },
            {
              arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 }),
              weight: 1,
            },
          ),
        ),
      );
      await check(
        request,
        runs(1400),
        async ([{ query }, variables]) => {
          await postJson({ query, variables });
        },
        4,
      );
    },
    TIMEOUT,
  );

  it(
    '(d) invalid writes, with an admin token, a coordinator token, a bad token and none',
    async () => {
      let succeeded = 0;
      const who = fc.constantFrom('admin', 'coordinator', 'none', 'garbage');
      await check(
        fc.tuple(invalidWrite, who, fc.boolean()),
        runs(1200),
        async ([w, as, inline]) => {
          const { input } = MUTATIONS[w.name];
          const token =
            as === 'admin'
              ? admin
              : as === 'coordinator'
                ? coordinator
                : as === 'garbage'
                  ? 'kv_1_nope'
                  : undefined;
          const selection = `mutation($input: ${input}!) { ${w.name}(input: $input) { __typename } }`;
          const payload = inline
            ? // The same input as a literal in the document, to reach literal coercion too.
              { query: `mutation { ${w.name}(input: ${toLiteral(w.input)}) { __typename } }` }
            : { query: selection, variables: { input: w.input } };
          const { text } = await postJson(payload, token);
          const data = (JSON.parse(text) as { data?: Record<string, unknown> | null }).data;
          if (data && data[w.name] != null) {
            succeeded++;
            throw new Error(`an invalid write (${w.poison}) succeeded: ${text.slice(0, 500)}`);
          }
        },
      );
      expect(succeeded).toBe(0);
    },
    TIMEOUT,
  );

  it(
    '(e) malformed HTTP: methods, paths, content types, broken bodies, junk parameters, batches',
    async () => {
      await check(
        malformedHttp,
        runs(1000),
        async (r) => {
          const headers: Record<string, string> = {};
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.preflight) headers['apollo-require-preflight'] = '1';
          if (r.accept) headers.accept = r.accept;
          const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body;
          await send({ method: r.method, path: r.path + r.query, headers, body });
        },
        4,
      );
    },
    TIMEOUT,
  );

  it(
    '(f) the edge: NUL, anonymous writes, dates, names, charsets, persisted queries, subscriptions, fields',
    async () => {
      // The parameterised queries the schema validates (a NUL must be found in their variables).
      const valid: typeof PARAMETERISED = [];
      for (const q of PARAMETERISED) {
        const { text } = await postJson({ query: q.query, variables: {} });
        if (!/GRAPHQL_VALIDATION_FAILED/.test(text)) valid.push(q);
      }
      expect(valid.length).toBeGreaterThan(5);
      const gaps = `query($d: String) { cooperationGaps(programme: "vm-digi-joint-2019", asOf: $d, first: 0) { similarPairCount } }`;
      const compliance = `query($d: String) { dashboard { compliance(asOf: $d) { __typename } } }`;
      const dateText = fc.oneof(
        {
          arbitrary: fc
            .tuple(
              fc.integer({ min: 0, max: 10_000 }),
              fc.integer({ min: 0, max: 13 }),
              fc.integer({ min: 0, max: 32 }),
            )
            .map(([y, m, d]) =>
              [
                String(y).padStart(4, '0'),
                String(m).padStart(2, '0'),
                String(d).padStart(2, '0'),
              ].join('-'),
            ),
          weight: 6,
        },
        {
          arbitrary: fc.constantFrom('2024-02-29', '2100-02-29', '2000-02-29', '2022-2-01'),
          weight: 1,
        },
        { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
      );
      const edgeCase = fc.oneof(
        // NUL somewhere in the variables of a parameterised query.
        fc
          .tuple(
            fc.nat(valid.length - 1),
            fc.nat(),
            fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
            fc.boolean(),
          )
          .map(([i, v, [a, b], nested]) => {
            const { query, vars } = valid[i];
            const text = `${a}\u0000${b}`;
            const name = vars[v % vars.length];
            return {
              kind: 'nul' as const,
              query,
              variables: { [name]: nested ? { search: text } : text },
            };
          }),
        fc
          .tuple(invalidWrite, fc.boolean())
          .map(([w, inline]) => ({ kind: 'anonymous' as const, w, inline })),
        fc.tuple(dateText, fc.boolean()).map(([date, onDashboard]) => ({
          kind: 'date' as const,
          date,
          query: onDashboard ? compliance : gaps,
        })),
        fc
          .array(fc.tuple(nameText, fc.boolean()), { minLength: 1, maxLength: 4 })
          .map((titles) => ({ kind: 'csvNames' as const, titles })),
        fc
          .tuple(poisonedName, fc.constantFrom('nameFi', 'nameSv', 'nameEn'), nameText)
          .map(([bad, field, other]) => ({ kind: 'apiName' as const, bad, field, other })),
        fc
          .oneof(
            fc.constantFrom(
              'utf-8',
              'UTF-8',
              '"utf-8"',
              'utf-16',
              'utf-16le',
              'UTF-16BE',
              'utf-32',
              'latin1',
              'us-ascii',
              'utf8',
              '',
            ),
            fc.string({ maxLength: 10 }).filter((c) => /^[!#-~]*$/.test(c) && !c.includes(';')),
          )
          .map((charset) => ({ kind: 'charset' as const, charset })),
        fc
          .tuple(fc.stringMatching(/^[0-9a-f]{64}$/), fc.boolean())
          .map(([hash, withQuery]) => ({ kind: 'apq' as const, hash, withQuery })),
        anyString.map((programme) => ({ kind: 'subscription' as const, programme })),
        fc.integer({ min: 1, max: 1200 }).map((n) => ({ kind: 'fields' as const, n })),
        fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({ kind: 'bigHeader' as const, n })),
      );
      const errorOf = (text: string) =>
        (
          JSON.parse(text) as {
            errors?: { message: string; extensions: Record<string, unknown> }[];
          }
        ).errors?.[0];
      const expectCode = (text: string, code: string, what: string) => {
        const error = errorOf(text);
        if (error?.extensions.code !== code)
          throw new Error(`${what}: expected ${code}, got ${text.slice(0, 400)}`);
        return error;
      };
      await check(
        edgeCase,
        runs(2800),
        async (c) => {
          switch (c.kind) {
            case 'nul': {
              const { status, text } = await postJson({ query: c.query, variables: c.variables });
              const error = expectCode(text, 'BAD_USER_INPUT', 'NUL in a variable');
              if (
                status !== 400 ||
                typeof error.extensions.argument !== 'string' ||
                !/U\+0000/.test(error.message)
              )
                throw new Error(`NUL not named: ${status} ${text.slice(0, 300)}`);
              return;
            }
            case 'anonymous': {
              const { input } = MUTATIONS[c.w.name];
              const { text } = await postJson(
                c.inline
                  ? {
                      query: `mutation { ${c.w.name}(input: ${toLiteral(c.w.input)}) { __typename } }`,
                    }
                  : {
                      query: `mutation($input: ${input}!) { ${c.w.name}(input: $input) { __typename } }`,
                      variables: { input: c.w.input },
                    },
              );
              const code = errorOf(text)?.extensions.code;
              const allowed = c.inline
                ? [
                    'UNAUTHENTICATED',
                    'GRAPHQL_VALIDATION_FAILED',
                    'GRAPHQL_PARSE_FAILED',
                    'QUERY_TOO_COMPLEX',
                  ]
                : ['UNAUTHENTICATED'];
              if (!allowed.includes(String(code)))
                throw new Error(
                  `an anonymous ${c.w.name} (${c.w.poison}) got ${text.slice(0, 300)}`,
                );
              return;
            }
            case 'date': {
              const { text } = await postJson({ query: c.query, variables: { d: c.date } });
              const error = errorOf(text);
              if (calendarDay(c.date)) {
                if (error)
                  throw new Error(
                    `the day ${c.date} exists but was refused: ${text.slice(0, 300)}`,
                  );
              } else if (
                error?.extensions.code !== 'BAD_USER_INPUT' ||
                error.extensions.argument !== 'asOf'
              )
                throw new Error(
                  `no such day ${JSON.stringify(c.date)}, yet: ${text.slice(0, 300)}`,
                );
              return;
            }
            case 'csvNames': {
              const csv = ['category,title_sv,title_fi,lead']
                .concat(
                  c.titles.map(([t, asFi]) => {
                    const cell = `"${t.replace(/"/g, '""')}"`;
                    return asFi ? `OTHER,Titel,${cell},853` : `OTHER,${cell},,853`;
                  }),
                )
                .join('\n');
              const { text } = await postJson(
                {
                  query: `mutation($i: ImportGrantDecisionsInput!) { importGrantDecisions(input: $i) { dryRun projectCount } }`,
                  variables: {
                    i: {
                      programme: 'UHJvZ3JhbW1lOjE',
                      dryRun: true,
                      csv,
                      source: { title: 'Fuzz', url: 'https://example.org/' },
                    },
                  },
                },
                admin,
              );
              // The parser trims cells and normalises CRLF, as a spreadsheet's export needs.
              const cells = c.titles.map(([t]) => t.replace(/\r\n/g, '\n').trim());
              // An empty title_sv is missing; an empty title_fi is unknown, which is fine.
              const refused = cells.some(
                (t, k) => (t === '' && !c.titles[k][1]) || refusedText(t, true),
              );
              const body = JSON.parse(text) as {
                data?: { importGrantDecisions?: { projectCount: number } };
              };
              if (refused) expectCode(text, 'BAD_USER_INPUT', `titles ${JSON.stringify(cells)}`);
              else if (body.data?.importGrantDecisions?.projectCount !== c.titles.length)
                throw new Error(
                  `ordinary titles ${JSON.stringify(cells)} refused: ${text.slice(0, 400)}`,
                );
              return;
            }
            case 'apiName': {
              const { text } = await postJson(
                {
                  query: `mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }`,
                  variables: {
                    i: {
                      slug: 'fuzz-names',
                      nameFi: c.other,
                      nameSv: c.other,
                      nameEn: c.other,
                      [c.field]: c.bad,
                    },
                  },
                },
                admin,
              );
              const error = expectCode(text, 'BAD_USER_INPUT', `name ${JSON.stringify(c.bad)}`);
              if (!String(error.extensions.argument).startsWith('input.'))
                throw new Error(`the argument is not named: ${text.slice(0, 300)}`);
              return;
            }
            case 'charset': {
              const { status } = await send({
                method: 'POST',
                path: '/graphql',
                headers: { 'content-type': `application/json; charset=${c.charset}` },
                body: JSON.stringify({ query: '{ __typename }' }),
              });
              const utf8 = /^"?utf-8"?$/i.test(c.charset);
              if (utf8 ? status !== 200 : status !== 415)
                throw new Error(`charset=${c.charset} answered ${status}`);
              return;
            }
            case 'apq': {
              const { text } = await postJson({
                ...(c.withQuery ? { query: '{ __typename }' } : {}),
                extensions: { persistedQuery: { version: 1, sha256Hash: c.hash } },
              });
              expectCode(
                text,
                c.withQuery ? 'BAD_REQUEST' : 'PERSISTED_QUERY_NOT_FOUND',
                `hash ${c.hash}`,
              );
              return;
            }
            case 'subscription': {
              const { text } = await postJson({
                query: 'subscription($p: ID!) { commitmentChanges(programme: $p) { change } }',
                variables: { p: c.programme },
              });
              if (
                !/WebSocket|ws:\/\//.test(
                  expectCode(text, 'BAD_REQUEST', 'a subscription by POST').message,
                )
              )
                throw new Error(`the endpoint is not named: ${text.slice(0, 300)}`);
              return;
            }
            case 'fields': {
              const { text } = await postJson({ query: `{ ${'__typename '.repeat(c.n)}}` });
              if (c.n <= 300) {
                if (errorOf(text)) throw new Error(`${c.n} fields refused: ${text.slice(0, 300)}`);
              } else {
                const error = expectCode(text, 'QUERY_TOO_COMPLEX', `${c.n} fields`);
                if (error.extensions.limit !== 'fields' || error.extensions.actual !== c.n)
                  throw new Error(`the fields limit is not named: ${text.slice(0, 300)}`);
              }
              return;
            }
            case 'bigHeader': {
              const { status } = await send({
                method: 'GET',
                path: '/graphql?query=%7B__typename%7D',
                headers: { 'x-padding': 'x'.repeat(c.n), 'apollo-require-preflight': '1' },
              });
              if (status !== 431) throw new Error(`a ${c.n}-byte header answered ${status}`);
              return;
            }
          }
        },
        4,
      );
    },
    TIMEOUT,
  );

  it('leaves every table exactly as it was', async () => {
    expect(stats.requests).toBeGreaterThanOrEqual(runs(10_000));
    expect(await digest()).toEqual(before);
  });
});

/** A JSON value as a GraphQL literal (object keys unquoted); strings stay JSON strings. */
function toLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(toLiteral).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${toLiteral(x)}`)
      .join(', ')} }`;
  if (typeof v === 'string' && /^[A-Z_]+$/.test(v) && v.length > 2) return v; // enum values
  return JSON.stringify(v) ?? 'null';
}

// Oracles for (f), written from the rules in docs/errors.md, not from the server's code.
const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/** A control or bidirectional character that a name (or, multi-line, a note) may not hold. */
function refusedText(text: string, multiline: boolean): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (BIDI_CONTROLS.has(cp) || cp === 0x2028 || cp === 0x2029) return true;
    const control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    if (control && !(multiline && (cp === 0x09 || cp === 0x0a || cp === 0x0d))) return true;
  }
  return false;
}

/** YYYY-MM-DD naming a day of the Gregorian calendar, years 1–9999. */
function calendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
