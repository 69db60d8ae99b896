import { GraphQLError } from 'graphql';
import { ErrorCode, toClientError } from './errors';

/** A resolver error as Apollo hands it to formatError: a GraphQLError around the original. */
function fromResolver(original: Error) {
  const error = new GraphQLError(original.message, { originalError: original, path: ['x'] });
  return toClientError(error.toJSON(), error);
}

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('toClientError for database trouble', () => {
  it('says which limit cancelled a statement', () => {
    const byBudget = fromResolver(pgError('57014', 'canceling statement due to user request'));
    expect(byBudget.error.extensions?.code).toBe(ErrorCode.TIMEOUT);
    expect(byBudget.error.message).toMatch(/time budget/);
    const byStatement = fromResolver(
      pgError('57014', 'canceling statement due to statement timeout'),
    );
    expect(byStatement.error.extensions?.code).toBe(ErrorCode.TIMEOUT);
    expect(byStatement.error.message).toMatch(/query took too long/);
    expect(byBudget.unexpected || byStatement.unexpected).toBe(false);
  });

  it('maps every way a connection is refused or lost to SERVICE_UNAVAILABLE', () => {
    const lost = [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
      pgError('57P03', 'the database system is starting up'),
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
        name: 'QueryRunnerAlreadyReleasedError',
      }),
      Object.assign(
        new Error('Database connection provided by a query runner was already released'),
        {
          name: 'QueryRunnerProviderAlreadyReleasedError',
        },
      ),
    ];
    for (const e of lost) {
      const sut = fromResolver(e);
      expect(sut.error.extensions?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
      expect(sut.error.message).not.toContain(e.message);
    }
  });

  it('still masks anything else as INTERNAL_SERVER_ERROR and flags it for the log', () => {
    const sut = fromResolver(new Error('Cannot read properties of undefined'));
    expect(sut.error).toMatchObject({
      message: 'Internal server error',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
    expect(sut.unexpected).toBe(true);
  });
});

describe('toClientError', () => {
  const asFormatted = (e: GraphQLError) => e.toJSON();

  it('treats an argument graphql-js cannot coerce at execution as the client’s mistake', () => {
    // `query($first: Int) { projects(first: $first) }` with first: null, where the argument is Int! = 10.
    const coercion = new GraphQLError('Argument "first" of non-null type "Int!" must not be null.');
    // Execution wraps it once more (locatedError) with the path.
    const e = new GraphQLError(coercion.message, { path: ['projects'], originalError: coercion });
    const formatted = { ...asFormatted(e), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(toClientError(formatted, e)).toMatchObject({
      error: {
        path: ['projects'],
        message: 'Argument "first" of non-null type "Int!" must not be null.',
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      },
      unexpected: false,
    });
  });

  it('still masks errors graphql-js raises for server bugs, and thrown errors with such text', () => {
    const bug = new GraphQLError('Cannot return null for non-nullable field Query.project.');
    expect(toClientError(asFormatted(bug), bug).error.extensions?.code).toBe(
      ErrorCode.INTERNAL_SERVER_ERROR,
    );
    const thrown = new GraphQLError('Argument "x" has invalid value 1.', {
      originalError: new Error('Argument "x" has invalid value 1.'),
    });
    expect(toClientError(asFormatted(thrown), thrown)).toMatchObject({
      error: { message: 'Internal server error' },
      unexpected: true,
    });
  });
});
