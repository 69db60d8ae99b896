import { buildSchema, parse, validate, specifiedRules } from 'graphql';
import { ErrorCode } from '../common/errors';
import { QueryTooComplexError, RateLimitedError, rateLimitHeaders } from './limit-errors';
import {
  countTokens,
  fieldsLimitError,
  isValidationAborted,
  MAX_SELECTION_FIELDS,
  queryShapeProtection,
  tokenLimitOf,
  subscriptionValidator,
  tokenLimitParseOptions,
  withoutSuggestionMask,
} from './query-shape';

const schema = buildSchema(`
  type Node { id: ID! child: Node name: String }
  type Query { node: Node nodes: [Node!]! }
`);

const limits = {
  maxDepth: 3,
  maxAliases: 2,
  maxDirectives: 2,
  maxTokens: 30,
  hideSuggestions: true,
};

function errorsOf(query: string) {
  const { validationRules } = queryShapeProtection(limits);
  return validate(schema, parse(query), [...specifiedRules, ...validationRules]);
}

describe('query shape limits (graphql-armor)', () => {
  it('accepts a query at each limit', () => {
    // Depth counts the fields on the longest path, the scalar at its end included.
    expect(errorsOf('{ a: node { b: child { id } } }')).toEqual([]);
  });

  it.each([
    ['depth', '{ node { child { child { id } } } }', 3, 4],
    ['aliases', '{ a: node { id } b: node { id } c: node { id } }', 2, 3],
    [
      'directives',
      '{ node @skip(if: false) { id @include(if: true) name @include(if: true) } }',
      2,
      3,
    ],
  ])(
    'reports %s over its limit as QUERY_TOO_COMPLEX with the maximum and the actual',
    (limit, query, maximum, actual) => {
      const errors = errorsOf(query);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(QueryTooComplexError);
      expect(errors[0].extensions).toMatchObject({
        code: ErrorCode.QUERY_TOO_COMPLEX,
        limit,
        maximum,
        actual,
      });
    },
  );

  it('counts fragments into the depth', () => {
    const errors = errorsOf(
      '{ node { ...deep } } fragment deep on Node { child { child { id } } }',
    );
    expect(errors[0]?.extensions).toMatchObject({ limit: 'depth', maximum: 3 });
  });

  it('aborts parsing past the token limit and recognises that error', () => {
    const big = `{ ${Array.from({ length: 40 }, () => 'id').join(' ')} }`;
    let error: Error | undefined;
    try {
      parse(big, tokenLimitParseOptions(limits.maxTokens));
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeDefined();
    expect(tokenLimitOf(error!)).toBe(limits.maxTokens);
    expect(countTokens(big)).toBe(42);
    expect(tokenLimitOf(new Error('Syntax Error: Expected Name, found "}".'))).toBeUndefined();
    expect(() => parse('{ id }', tokenLimitParseOptions(limits.maxTokens))).not.toThrow();
  });
});

describe('subscription validation', () => {
  it('applies the shape limits and hides suggestions when asked, without Apollo', () => {
    const sut = subscriptionValidator(limits);
    const [deep] = sut(schema, parse('{ node { child { child { id } } } }'));
    expect(deep.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(deep.extensions.http).toBeUndefined();
    const [typo] = sut(schema, parse('{ nodez { id } }'));
    expect(typo.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.message).toBe('Cannot query field "nodez" on type "Query".');
    const shown = subscriptionValidator({ ...limits, hideSuggestions: false });
    expect(shown(schema, parse('{ nodez { id } }'))[0].message).toMatch(/Did you mean "node/);
  });
});

describe('hidden field suggestions', () => {
  it('leaves no trace of the mask in the message', () => {
    const { plugins } = queryShapeProtection(limits);
    expect(plugins.length).toBeGreaterThan(0);
    expect(withoutSuggestionMask('Cannot query field "x" on type "Query". §hidden§?')).toBe(
      'Cannot query field "x" on type "Query".',
    );
    expect(withoutSuggestionMask('Unknown argument "x".')).toBe('Unknown argument "x".');
  });
});

describe('rate-limit errors and headers', () => {
  const state = {
    limit: 100,
    cost: 30,
    used: 80,
    remaining: 20,
    resetAt: new Date('2026-11-30T12:00:30.000Z'),
    windowSeconds: 60,
  };

  it('says what was asked, what remains and when to retry', () => {
    const sut = new RateLimitedError(state, Date.parse('2026-11-30T12:00:00.500Z'));
    expect(sut.extensions).toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      limit: 100,
      cost: 30,
      remaining: 20,
      resetAt: '2026-11-30T12:00:30.000Z',
      retryAfterSeconds: 30,
      http: { status: 429 },
    });
  });

  it('gives GitHub-style headers with the reset in epoch seconds', () => {
    expect(Object.fromEntries(rateLimitHeaders(state))).toEqual({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '20',
      'x-ratelimit-used': '80',
      'x-ratelimit-reset': String(Date.parse('2026-11-30T12:00:30.000Z') / 1000),
      'x-ratelimit-cost': '30',
    });
  });
});

describe('fields per selection set', () => {
  const { validationRules } = queryShapeProtection(limits);
  const check = (query: string) =>
    validate(schema, parse(query, { maxTokens: 100_000 }), [...specifiedRules, ...validationRules]);

  it('names the limit for the same field selected many times, instead of "Validation aborted."', () => {
    const errors = check(`{ ${'__typename '.repeat(MAX_SELECTION_FIELDS + 1)} }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(QueryTooComplexError);
    expect(errors[0].extensions).toMatchObject({
      code: ErrorCode.QUERY_TOO_COMPLEX,
      limit: 'fields',
      maximum: MAX_SELECTION_FIELDS,
      actual: MAX_SELECTION_FIELDS + 1,
    });
    expect(check(`{ ${'__typename '.repeat(MAX_SELECTION_FIELDS)} }`)).toEqual([]);
  });

  it('counts the fields fragments bring into a set', () => {
    const half = 'id '.repeat(200);
    const errors = check(
      `{ node { ...A ...B } } fragment A on Node { ${half} } fragment B on Node { ${half} }`,
    );
    expect(errors.map((e) => e.extensions.limit)).toContain('fields');
  });

  it('reports what graphql-js gives up on as the fields limit with its count', () => {
    const document = parse(`{ ${'__typename '.repeat(1000)} }`, { maxTokens: 100_000 });
    const plain = validate(schema, document, specifiedRules);
    expect(plain.some(isValidationAborted)).toBe(true);
    expect(fieldsLimitError(document).message).toBe(
      `The query's fields is 1000, over the limit of ${MAX_SELECTION_FIELDS}; see docs/limits.md`,
    );
  });
});
