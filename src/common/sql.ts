import { EntityManager } from 'typeorm';

/**
 * The rows of a statement with RETURNING. TypeORM gives `[rows, count]` for
 * UPDATE and DELETE but plain rows for INSERT and SELECT; this hides the difference.
 */
export async function rowsOf<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
