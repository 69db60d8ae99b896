import { newApiKey, signJwt } from '../../src/auth/token-codec';
import { TestDatabase } from './test-app';

/** The JWT secret the write-path suites start their servers with. */
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestToken {
  id: number;
  token: string;
}

/**
 * Stores a token the way `npm run token` does (scripts/token.ts, tested in
 * auth.e2e-spec.ts), straight through SQL, so suites need not spawn the CLI
 * for every role they use.
 */
export async function issueTestToken(
  db: TestDatabase,
  options: {
    role: 'ADMIN' | 'COORDINATOR';
    name?: string;
    municipalities?: string[];
    kind?: 'API_KEY' | 'JWT';
    expiresAt?: Date;
  },
): Promise<TestToken> {
  const kind = options.kind ?? 'API_KEY';
  const name =
    options.name ?? `${options.role.toLowerCase()} ${Math.random().toString(36).slice(2, 7)}`;
  const [{ id }] = await db.sql<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('api_token', 'id'))::int AS id`,
  );
  const key = kind === 'API_KEY' ? newApiKey(id) : null;
  await db.sql(
    `INSERT INTO api_token (id, name, role, kind, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, name, options.role, kind, key?.hash ?? null, options.expiresAt ?? null],
  );
  if (options.municipalities?.length)
    await db.sql(
      `INSERT INTO api_token_municipality (token_id, organisation_id)
       SELECT $1, id FROM organisation WHERE kind = 'MUNICIPALITY' AND code = ANY($2)`,
      [id, options.municipalities],
    );
  const token =
    key?.key ??
    signJwt(id, TEST_JWT_SECRET, { name, role: options.role, expiresAt: options.expiresAt });
  return { id, token };
}
