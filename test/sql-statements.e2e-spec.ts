import { Client } from 'pg';
import { loadStatementSets } from '../src/common/sql-snapshots';
import { createTestDatabase, TestDatabase } from './support/test-app';

/**
 * Every declared repository statement (the ones in src/queries/) is valid SQL for the schema the
 * migrations make: PostgreSQL parses, resolves and types it (PREPARE), without running it.
 * Transaction and session control (`control()`), which cannot be prepared, is run instead.
 */
describe('declared SQL statements', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ seeded: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const all = loadStatementSets().flatMap((set) => set.statements);
  const statements = all.filter((s) => !s.control);
  const controls = all.filter((s) => s.control);

  it('are there to check', () => {
    expect(statements.length).toBeGreaterThan(5);
  });

  it.each([
    'ProjectsRepository',
    'ProjectWritesRepository',
    'CooperationRepository',
    'GrantImportRepository',
  ])('include those of %s', (repository) => {
    expect(loadStatementSets().map((set) => set.repository)).toContain(repository);
  });

  it.each(statements.map((s) => [s.name, s.text]))('%s prepares', async (_name, text) => {
    await db.sql(`PREPARE kv_statement_check AS ${text}`);
    const [{ parameters }] = await db.sql<{ parameters: string[] }>(
      `SELECT parameter_types::text[] AS parameters FROM pg_prepared_statements WHERE name = 'kv_statement_check'`,
    );
    await db.sql('DEALLOCATE kv_statement_check');
    // Every parameter's type is known to PostgreSQL (none left as "unknown").
    expect(parameters.filter((t) => t === 'unknown')).toEqual([]);
  });

  it('include transaction and session control (snapshots, listening)', () => {
    expect(controls.map((s) => s.name)).toEqual(
      expect.arrayContaining(['GraphRepository.beginSnapshot', 'ChangeFeedRepository.listen']),
    );
  });

  // Control cannot be prepared: PostgreSQL runs it, inside a transaction rolled back after.
  it.each(controls.map((s) => [s.name, s.text]))('%s runs', async (_name, text) => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(text);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
