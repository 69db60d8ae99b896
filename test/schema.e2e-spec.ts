import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { startTestApp, TestApp } from './support/test-app';

const body = (text: string) => text.slice(text.indexOf('\n\n') + 2).trim();

describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const committed = readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8');

  it('is what the current code generates (run `npm run schema` when this fails)', () => {
    // dist/schema.gql is printed by every build, and `npm test` builds first.
    const generated = readFileSync(join(__dirname, '..', 'dist', 'schema.gql'), 'utf8');
    expect(committed).toBe(generated);
  });

  it('is the schema the running server serves', async () => {
    const res = await t.gql(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    const served = printSchema(lexicographicSortSchema(buildClientSchema(res.data as any)));
    expect(served.trim()).toBe(body(committed));
  });

  it('documents the page-size bound on every connection argument', () => {
    const firstArgs = committed.match(/^\s+first: Int/gm) ?? [];
    expect(firstArgs.length).toBeGreaterThan(0);
    expect(committed).toMatch(/Items after `after`, at most 100/);
  });
});
