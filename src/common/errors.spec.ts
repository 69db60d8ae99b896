import { GraphQLError } from 'graphql';
import { ErrorCode, toClientError } from './errors';

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
