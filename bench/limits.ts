/**
 * What the query limits add to each request: the cost estimate and armor's
 * validation rules, timed in-process on the heaviest query of the test suites
 * (test/sql-count.e2e-spec.ts), against graphql-js's own validation for scale.
 *
 *   npx ts-node --transpile-only bench/limits.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryCost } from '../src/limits/cost-rules';
import { queryShapeProtection } from '../src/limits/query-shape';

const ROOT = join(__dirname, '..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));
const spec = readFileSync(join(ROOT, 'test', 'sql-count.e2e-spec.ts'), 'utf8');
const document = parse(/const query = `([\s\S]*?)`;/.exec(spec)![1]);
const { validationRules } = queryShapeProtection({
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 2000,
  hideSuggestions: false,
});

function median(label: string, fn: () => unknown, rounds = 7, n = 500): void {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    times.push(Number(process.hrtime.bigint() - start) / n / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} ${times[Math.floor(rounds / 2)].toFixed(1)} µs (median of ${rounds} × ${n})`,
  );
}

console.log(`cost of the query: ${queryCost(schema, document, { first: 100 }, undefined)}`);
median('cost (graphql-query-complexity)', () =>
  queryCost(schema, document, { first: 100 }, undefined),
);
median('depth/aliases/directives (armor)', () => validate(schema, document, validationRules));
median('graphql-js validation, for scale', () => validate(schema, document, specifiedRules));
