import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { revive, snapshot } from './snapshot';

/**
 * A mutation's transaction, at the repository layer: MutationRunner asks for one here instead of
 * holding the DataSource itself, and hands its EntityManager to the write repositories. Also
 * gives entities as the audit trail and idempotency records keep them (entity metadata, no SQL).
 */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Runs `work` in one transaction on the primary: committed if it resolves, rolled back if not. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** An entity as plain JSON (snapshot.ts). */
  snapshot<E extends ObjectLiteral>(target: EntityTarget<E>, entity: E): Record<string, unknown> {
    return snapshot(this.ds, target, entity);
  }

  /** An entity back from its snapshot. */
  revive<E extends ObjectLiteral>(target: EntityTarget<E>, json: Record<string, unknown>): E {
    return revive(this.ds, target, json);
  }
}
