import { DataSource, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';

type Plan = { property: string; column: string; from?: (value: unknown) => unknown }[];
const plans = new WeakMap<object, Plan>();

/**
 * Turns raw rows (snake_case columns, as `SELECT *` returns them) into entity
 * instances. Hot batched loaders use it instead of TypeORM's query-builder
 * hydration, which costs more than the query on pages of a few hundred rows.
 */
export function hydrate<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  const metadata = ds.getMetadata(target);
  let plan = plans.get(metadata);
  if (!plan) {
    plan = metadata.columns.map((c) => {
      const transformer = c.transformer as ValueTransformer | undefined;
      return {
        property: c.propertyName,
        column: c.databaseName,
        from: transformer?.from.bind(transformer),
      };
    });
    plans.set(metadata, plan);
  }
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const { property, column, from } of plan) {
      if (column in row)
        (entity as Record<string, unknown>)[property] = from ? from(row[column]) : row[column];
    }
    return entity;
  });
}
