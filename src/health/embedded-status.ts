import type { EmbeddedStatus } from '../database/embedded-postgres';

/**
 * The state of the embedded PostgreSQL that main.ts supervises, for the
 * health routes; unset with DATABASE_URL (someone else runs that server).
 */
let source: (() => EmbeddedStatus) | undefined;

export function setEmbeddedStatusSource(read: () => EmbeddedStatus): void {
  source = read;
}

export function embeddedStatus(): EmbeddedStatus | undefined {
  return source?.();
}
