import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity as plain JSON, keyed by property name, with timestamps as ISO
 * strings. The audit trail stores these as `before` and `after`; idempotency
 * records store a mutation's result this way, and `revive` turns it back.
 */
export function snapshot<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  entity: T,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of ds.getMetadata(target).columns) {
    const value: unknown = (entity as Record<string, unknown>)[c.propertyName];
    if (value === undefined) continue;
    out[c.propertyName] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export function revive<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  json: Record<string, unknown>,
): T {
  const metadata = ds.getMetadata(target);
  const entity = metadata.create() as Record<string, unknown>;
  for (const c of metadata.columns) {
    if (!(c.propertyName in json)) continue;
    const value = json[c.propertyName];
    const isTimestamp = c.type === 'timestamptz' || c.type === 'timestamp' || c.type === Date;
    entity[c.propertyName] = isTimestamp && typeof value === 'string' ? new Date(value) : value;
  }
  return entity as T;
}
