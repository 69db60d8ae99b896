import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, withDatabase } from '../../src/database/database-server';
import { ServerProcess, startServer } from './server-process';

export interface TestDatabase {
  name: string;
  url: string;
  /** A plain pg client on the database, for arranging data and checking writes. */
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database for one suite: a copy of the seeded template, or of the schema-only one. */
export async function createTestDatabase(
  options: { seeded?: boolean } = {},
): Promise<TestDatabase> {
  const server = process.env.TEST_PG_SERVER_URL!;
  const template =
    options.seeded === false
      ? process.env.TEST_TEMPLATE_SCHEMA!
      : process.env.TEST_TEMPLATE_SEEDED!;
  // Made and arranged on a direct connection; the server gets `url` (a pooler's, in .ci/run).
  const admin = process.env.TEST_PG_ADMIN_URL || server;
  const name = `kv_t_${process.env.TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name, template);
  const url = withDatabase(server, name);
  const client = new Client({ connectionString: withDatabase(admin, name) });
  client.on('error', () => undefined); // the database may be force-dropped at teardown
  await client.connect();
  return {
    name,
    url,
    sql: async <T>(text: string, params?: unknown[]) =>
      (await client.query(text, params)).rows as T[],
    drop: async () => {
      await client.end();
      await dropDatabase(admin, name);
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: Record<string, unknown> & { code?: string };
  }[];
}

export interface TestApp {
  server: ServerProcess;
  db: TestDatabase;
  baseUrl: string;
  /** POST /graphql; with a token, as "Authorization: Bearer <token>". */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Value of a Prometheus counter at GET /metrics. */
  metric(name: string): Promise<number>;
  close(): Promise<void>;
}

export async function postGraphQL<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** Starts the real server on a fresh database; every request goes over HTTP. */
export async function startTestApp(
  options: { seeded?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(options);
  let server: ServerProcess;
  try {
    server = await startServer({ DATABASE_URL: db.url, SEED_ON_START: 'false', ...options.env });
  } catch (e) {
    await db.drop();
    throw e;
  }
  return {
    server,
    db,
    baseUrl: server.baseUrl,
    gql: (query, variables, token) => postGraphQL(server.baseUrl, query, variables, token),
    metric: async (name) => {
      const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(name + ' '));
      if (!line) throw new Error(`metric ${name} not found`);
      return Number(line.split(' ')[1]);
    },
    close: async () => {
      await server.stop();
      await db.drop();
    },
  };
}

/** Asserts the response is a clean client error with this code: no stack, no SQL, never INTERNAL_SERVER_ERROR. */
export function expectErrorCode(
  res: GraphQLResponse,
  code: string,
): NonNullable<GraphQLResponse['errors']>[number] {
  expect(res.errors?.length).toBeGreaterThan(0);
  const error = res.errors![0];
  expect(error.extensions?.code).toBe(code);
  expect(JSON.stringify(res)).not.toMatch(
    /stacktrace|\bat .+\.[jt]s:\d+|SELECT |INSERT |QueryFailedError/,
  );
  return error;
}
