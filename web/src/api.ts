/** The page reads only the public GraphQL API on its own origin: POST /graphql, no token. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', e instanceof Error ? e.message : String(e));
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`HTTP_${res.status}`, res.statusText || 'not a GraphQL response');
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? `HTTP_${res.status}`, error.message);
  if (!res.ok || !body.data) throw new ApiError(`HTTP_${res.status}`, res.statusText);
  return body.data;
}
