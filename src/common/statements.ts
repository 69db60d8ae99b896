/**
 * Named SQL statements with their row and parameter types.
 *
 * Every statement a repository sends is declared once, in a `*.statements.ts` file beside its
 * module (no NestJS imports there, so the files load anywhere). The declaration gives the SQL
 * text, the type of the rows it returns and of its parameters; the repository runs it with
 * `rowsOf`, which is the only place the untyped result of `query()` is given its type.
 * `npm run sql` renders every declared statement into `src/queries/<set>.sql`, and a unit test
 * fails when a committed file is stale (src/common/sql-snapshots.ts).
 *
 * A read that may be served slightly stale is declared with `{ replica: true }`. `rowsOf` then
 * sends it to a hot standby when the database it is given has a read router (DATABASE_READ_URLS,
 * src/database/read-router.ts) and the request has not written; everything else, and anything
 * run on a transaction's EntityManager, stays on the primary (docs/scaling.md, "Where reads go").
 *
 * Transaction and session control that a repository sends on a connection of its own (BEGIN …
 * REPEATABLE READ, SET LOCAL, COMMIT, LISTEN) is declared the same way with `control(text)`:
 * named and in the snapshot like any statement, but never prepared (PostgreSQL cannot prepare
 * them), without parameters and rows.
 */

/** A statement returning rows of type `Row` for the positional parameters `Params`. */
export interface Statement<Row, Params extends readonly unknown[]> {
  /** `<Repository>.<name>`, as in the snapshot file. */
  readonly name: string;
  readonly text: string;
  /** Names of $1, $2, … for readers of the snapshot. */
  readonly params: readonly string[];
  /** May be answered by a hot standby (a read that tolerates DATABASE_READ_MAX_LAG_MS). */
  readonly replica: boolean;
  /** Transaction or session control (`control()`): sent as written, never prepared. */
  readonly control: boolean;
  /** Phantom fields: carry the types, never set. */
  readonly __row?: Row;
  readonly __params?: Params;
}

export interface StatementOptions {
  /** A read that may be answered by a hot standby; default false (the primary). */
  replica?: boolean;
}

/** A statement before it is given its name by `statementSet`. */
export interface StatementDraft<Row, Params extends readonly unknown[]> {
  readonly text: string;
  readonly params: readonly string[];
  readonly replica?: boolean;
  readonly control?: boolean;
  readonly __row?: Row;
  readonly __params?: Params;
}

/**
 * Declares one statement: `sql<Row, [ids: number[]]>(['ids'], 'SELECT …')`; a read that may
 * go to a replica adds `{ replica: true }`.
 */
export function sql<Row, Params extends readonly unknown[]>(
  params: readonly string[],
  text: string,
  options: StatementOptions = {},
): StatementDraft<Row, Params> {
  return { text: dedent(text), params, replica: options.replica === true };
}

/**
 * Declares transaction or session control, such as `control('COMMIT')`: no parameters, no rows,
 * and no PREPARE in test/sql-statements.e2e-spec.ts (PostgreSQL prepares only queries and DML).
 */
export function control(text: string): StatementDraft<never, []> {
  return { text: dedent(text), params: [], control: true };
}

const SET = Symbol.for('kuntaverkko.statementSet');

export type StatementSet<D extends Record<string, StatementDraft<unknown, readonly unknown[]>>> = {
  readonly [K in keyof D]: D[K] extends StatementDraft<infer R, infer P> ? Statement<R, P> : never;
};

export interface StatementSetInfo {
  /** File name of the snapshot under src/queries/, without `.sql`. */
  file: string;
  /** The class that sends them. */
  repository: string;
  statements: Statement<unknown, readonly unknown[]>[];
}

/**
 * Names the statements of one repository. `file` names its snapshot (`src/queries/<file>.sql`).
 */
export function statementSet<D extends Record<string, StatementDraft<unknown, readonly unknown[]>>>(
  file: string,
  repository: string,
  drafts: D,
): StatementSet<D> {
  const named: Record<string, Statement<unknown, readonly unknown[]>> = {};
  for (const [key, draft] of Object.entries(drafts))
    named[key] = {
      name: `${repository}.${key}`,
      text: draft.text,
      params: draft.params,
      replica: draft.replica === true,
      control: draft.control === true,
    };
  const info: StatementSetInfo = { file, repository, statements: Object.values(named) };
  Object.defineProperty(named, SET, { value: info, enumerable: false });
  return named as StatementSet<D>;
}

/** The set's snapshot details, when `value` was made by `statementSet`. */
export function statementSetInfo(value: unknown): StatementSetInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as { [SET]?: StatementSetInfo })[SET];
}

/** Anything that can run SQL: the DataSource, or a transaction's EntityManager. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** A node-postgres client or pool (`pg`), as a repository's own connection. */
interface PgQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A repository's own pg connection as a Queryable: its result's rows. */
export function clientQueryable(client: PgQueryable): Queryable {
  return { query: async (text, params) => (await client.query(text, params)).rows };
}

/** Where a database's replica reads go: set by the read router for the DataSource it serves. */
const readers = new WeakMap<object, Queryable>();

/**
 * Sends the `{ replica: true }` statements run on `db` through `reader` (which picks a standby
 * or the primary per call). A transaction's EntityManager is another object: never routed.
 */
export function routeReplicaReads(db: object, reader: Queryable | undefined): void {
  if (reader) readers.set(db, reader);
  else readers.delete(db);
}

/**
 * Runs a declared statement and gives its rows their declared type. TypeORM returns
 * `[rows, count]` for UPDATE and DELETE with RETURNING but plain rows otherwise; this hides that.
 */
export async function rowsOf<Row, Params extends readonly unknown[]>(
  db: Queryable,
  statement: Statement<Row, Params>,
  params: Params,
): Promise<Row[]> {
  const target = (statement.replica && readers.get(db)) || db;
  const result = await target.query(statement.text, params as unknown as unknown[]);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as Row[];
  return result as Row[];
}

/** Removes the common leading indentation and the blank first and last lines. */
function dedent(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n');
}
