import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildSchema, parse } from 'graphql';
import {
  cachedQueryCost,
  DASHBOARD_GROUP,
  DASHBOARD_PAIRS,
  DEFAULT_PAGE,
  LIST_FANOUT,
  pageSize,
  queryCost,
  traversalCost,
} from './cost-rules';

// The committed schema, as the server serves it (a test elsewhere keeps it current).
const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'));
const cost = (query: string, variables?: Record<string, unknown>) =>
  queryCost(schema, parse(query), variables, undefined);

describe('query cost', () => {
  it('charges nothing for scalars and 1 for an object lookup', () => {
    expect(cost('{ __typename }')).toBe(0);
    expect(cost('{ programme(code: "x") { nameEn applicationsReceived } }')).toBe(1);
    expect(cost('{ project(id: "x") { titleSv programme { nameEn } } }')).toBe(2);
  });

  it('multiplies a connection by its page size', () => {
    const page = (args: string) => cost(`{ projects${args} { edges { node { titleSv } } } }`);
    expect(page('(first: 100)')).toBe(1 + 100 * 1);
    expect(page('(first: 7)')).toBe(1 + 7 * 1);
    expect(page('(last: 30)')).toBe(1 + 30 * 1);
    expect(page('')).toBe(1 + DEFAULT_PAGE * 1);
    // Variables count as their values.
    expect(
      cost('query($n: Int) { projects(first: $n) { edges { node { titleSv } } } }', { n: 40 }),
    ).toBe(41);
  });

  it('makes nested selections inside a page cost per item', () => {
    const q = `{ projects(first: 50) { totalCount pageInfo { hasNextPage }
      edges { cursor node { titleSv lead { organisation { nameFi } } } } } }`;
    // node 1 + lead 1 + organisation 1 = 3 per item; pageInfo and totalCount add nothing.
    expect(cost(q)).toBe(1 + 50 * 3);
  });

  it('counts a list without page arguments at LIST_FANOUT items', () => {
    const q = '{ project(id: "x") { participants { organisation { nameFi } } } }';
    expect(cost(q)).toBe(1 + (1 + LIST_FANOUT * 1));
  });

  it('grows with nesting, so deep fan-out is expensive', () => {
    const one = cost('{ projects(first: 100) { edges { node { topics { slug } } } } }');
    const two = cost(`{ projects(first: 100) { edges { node { participants { organisation {
      ... on Municipality { participations(first: 50) { project { id } } } } } } } } }`);
    expect(one).toBe(1 + 100 * (1 + (1 + LIST_FANOUT * 0)));
    // A list with `first` multiplies by it, like a connection.
    expect(two).toBe(1 + 100 * (1 + (1 + LIST_FANOUT * (1 + (1 + 50 * 1)))));
    expect(two).toBeGreaterThan(50 * one);
  });

  it('prices graph queries by depth and fan-out', () => {
    const reach = (depth: number, first: number) =>
      cost(`{ partnersOfPartners(organisation: "x", maxDepth: ${depth}, first: ${first}) {
        edges { node { distance organisation { nameFi } } } } }`);
    expect(reach(1, 10)).toBe(traversalCost(1) + 10 * 2);
    expect(reach(4, 10)).toBe(traversalCost(4) + 10 * 2);
    expect(reach(4, 10)).toBeGreaterThan(reach(2, 10));
    expect(reach(2, 100)).toBeGreaterThan(reach(2, 10));
    // Defaults apply when the arguments are left out (maxDepth 2, first 20).
    expect(cost('{ partnersOfPartners(organisation: "x") { edges { node { distance } } } }')).toBe(
      traversalCost(2) + 20 * 1,
    );
    // Example paths: at most 5 of them, each of at most 5 organisations and 4 links.
    expect(
      cost(`{ partnersOfPartners(organisation: "x", maxDepth: 1, first: 1) {
        edges { node { examplePaths { organisations { nameFi } links { project { id } } } } } } }`),
    ).toBe(traversalCost(1) + 1 * (1 + (1 + 5 * (1 + 5 * 0 + (1 + 4 * 1)))));
    expect(cost('{ collaborationPath(from: "a", to: "b", maxDepth: 3) { length } }')).toBe(
      traversalCost(3) + 0,
    );
    expect(cost('{ similarProjects(project: "x", first: 30) { score project { id } } }')).toBe(
      10 + 30 * 1,
    );
    // The drawn network's lists hold up to maxNodes items.
    expect(cost('{ network(maxNodes: 1000) { nodes { degree organisation { nameFi } } } }')).toBe(
      10 + (1000 / LIST_FANOUT) * (1 + LIST_FANOUT * 1),
    );
  });

  it('prices dashboard figure groups as aggregates, the pair-scoring ones most', () => {
    expect(cost('{ dashboard { grants { known } } }')).toBe(1 + DASHBOARD_GROUP);
    expect(cost('{ dashboard { cooperation { coverage } compliance { overdue } } }')).toBe(
      1 + 2 * DASHBOARD_PAIRS,
    );
    // Aliases repeat the work, and so the price; byProgramme multiplies it by its page.
    expect(
      cost(
        '{ dashboard { a: cooperation { coverage } b: cooperation(threshold: 0.5) { coverage } } }',
      ),
    ).toBe(1 + 2 * DASHBOARD_PAIRS);
    // reuse(first) bounds its list of outputs: priced at first items, not first × LIST_FANOUT.
    expect(
      cost('{ dashboard { reuse(first: 100) { mostReused { sourceProject { id } } } } }'),
    ).toBe(1 + DASHBOARD_GROUP + (100 / LIST_FANOUT) * (1 + LIST_FANOUT * 1));
    expect(cost('{ dashboard { byProgramme(first: 10) { cooperation { coverage } } } }')).toBe(
      1 + (1 + 10 * DASHBOARD_PAIRS),
    );
  });

  it('doubles the search cost with each level of depth', () => {
    expect([1, 2, 3, 4].map(traversalCost)).toEqual([10, 20, 40, 80]);
  });

  it('takes the larger of first and last, and the default when neither is given', () => {
    expect(pageSize({ first: 5 })).toBe(5);
    expect(pageSize({ last: 9 })).toBe(9);
    expect(pageSize({ first: 0 })).toBe(0);
    expect(pageSize({})).toBe(DEFAULT_PAGE);
  });

  it('prices introspection flatly, whatever its nesting', () => {
    expect(
      cost(
        '{ __schema { types { name fields { name args { name type { name ofType { name } } } } } } }',
      ),
    ).toBe(1);
  });

  it('gives the figures of the worked example in docs/limits.md', () => {
    const page = (first: number, more = '') => `{ projects(first: ${first}) {
      totalCount
      edges { node { titleSv lead { organisation { nameFi } }
                     participants { role organisation { nameFi ${more} } } } } } }`;
    expect(cost(page(50))).toBe(701);
    expect(cost(page(100))).toBe(1401);
    expect(
      cost(page(100, '... on Municipality { participations(first: 100) { project { titleSv } } }')),
    ).toBe(102401);
  });

  it('remembers a cost per document, operation and variables, and gives the same figure', () => {
    // One parsed document, asked again and again with varying operations and variables, as
    // Apollo's document store hands the same object back for the same query text.
    const doc = parse(`query A($n: Int, $m: Int) {
        projects(first: $n) { edges { node { titleSv participants { organisation {
          ... on Municipality { participations(first: $m) { role } } } } } } } }
      query B($n: Int) { municipalities(first: $n) { edges { node { code } } } }`);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            op: fc.constantFrom('A', 'B'),
            n: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
            m: fc.integer({ min: 1, max: 100 }),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        (asks) => {
          for (const { op, n, m } of asks) {
            const variables = op === 'A' ? { n, m } : { n };
            expect(cachedQueryCost(schema, doc, variables, op)).toBe(
              queryCost(schema, doc, variables, op),
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('does not remember a refusal: bad variables are refused every time', () => {
    const doc = parse('query($n: Int) { projects(first: $n) { edges { node { titleSv } } } }');
    for (let i = 0; i < 2; i++)
      expect(() => cachedQueryCost(schema, doc, { n: 'many' }, undefined)).toThrow();
    expect(cachedQueryCost(schema, doc, { n: 3 }, undefined)).toBe(4);
  });
});
