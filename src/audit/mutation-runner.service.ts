import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { type Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { DomainError, ErrorCode } from '../common/errors';
import { type RequestContext } from '../common/loader-registry';
import { type Queryable } from '../common/statements';
import { ChangeFeed, type ChangeMessage } from '../live/change-feed';
import { AuditRepository } from './audit.repository';
import { apiView, organisationIdsIn, type OrganisationTypes } from './audit-view';
import { requestHash } from './stable-json';
import { UnitOfWork } from './unit-of-work.repository';

/** How a mutation's result is kept for idempotent retries. */
export interface ResultCodec<T> {
  toJson(result: T): unknown;
  fromJson(json: unknown): T;
}

export interface AuditEntry {
  entityType: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason?: string | null;
}

/** What a mutation's work gets: the transaction, the caller, and the audit and change logs. */
export interface WriteScope {
  readonly manager: EntityManager;
  readonly actor: Actor;
  audit(entry: AuditEntry): void;
  publish(message: Omit<ChangeMessage, 'at'>): void;
  /** An entity as the audit trail keeps it (see snapshot.ts), without the service holding the DataSource. */
  snapshot<E extends ObjectLiteral>(target: EntityTarget<E>, entity: E): Record<string, unknown>;
}

export interface MutationSpec<T> {
  /** The mutation's name, as recorded in the audit trail. */
  operation: string;
  /**
   * The validated input; hashed so that a reused key with other input is
   * refused. Its `idempotencyKey`, if any, is the key.
   */
  input: object;
  /** The entity class the mutation returns: its result is kept as a snapshot for retries. */
  returns?: EntityTarget<T & ObjectLiteral>;
  /** How to keep any other result; plain JSON results need neither. */
  codec?: ResultCodec<T>;
}

// Serialization failures and deadlocks: the transaction is retried from the start.
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;
/** Idempotency keys are kept this long; a retry after that is a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * Every mutation runs here: one transaction that does the work, writes the
 * audit rows and publishes the changes, so a failure anywhere leaves nothing
 * behind: no partial write, no audit row, no event. The transaction comes from
 * UnitOfWork, at the repository layer; this class holds no DataSource.
 */
@Injectable()
export class MutationRunner implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('MutationRunner');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly unit: UnitOfWork,
    private readonly audits: AuditRepository,
    private readonly auth: AuthService,
    private readonly feed: ChangeFeed,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), 60 * 60 * 1000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Runs a mutation for the caller of this request (UNAUTHENTICATED without a valid token). */
  async run<T>(
    ctx: RequestContext,
    spec: MutationSpec<T>,
    work: (w: WriteScope) => Promise<T>,
  ): Promise<T> {
    const actor = await this.auth.requireActor(ctx);
    return this.runAs(actor, spec, work);
  }

  /** Runs as a given actor; the CSV import CLI uses this with a tokenless actor. */
  async runAs<T>(
    actor: Actor,
    spec: MutationSpec<T>,
    work: (w: WriteScope) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(actor, spec, work);
      } catch (e) {
        const code = (e as { driverError?: { code?: string } }).driverError?.code;
        if (attempt < ATTEMPTS && code && RETRYABLE.has(code)) continue;
        throw e;
      }
    }
  }

  private async attempt<T>(
    actor: Actor,
    spec: MutationSpec<T>,
    work: (w: WriteScope) => Promise<T>,
  ): Promise<T> {
    const codec = spec.codec ?? (spec.returns ? entityCodec(this.unit, spec.returns) : null);
    const given = (spec.input as { idempotencyKey?: string | null }).idempotencyKey;
    const outcome = await this.unit.transaction(async (manager) => {
      const key = given && actor.tokenId !== null ? given : null;
      const hash = key ? requestHash(spec.operation, spec.input) : '';
      if (key) {
        const replay = await this.claimKey(manager, actor.tokenId!, key, spec.operation, hash);
        if (replay) return replay;
      }
      const audits: AuditEntry[] = [];
      const messages: Omit<ChangeMessage, 'at'>[] = [];
      const result = await work({
        manager,
        actor,
        audit: (entry) => audits.push(entry),
        publish: (message) => messages.push(message),
        snapshot: (target, entity) => this.unit.snapshot(target, entity),
      });
      // The audit rows and the outbox messages go in one statement.
      const at = new Date().toISOString();
      const payloads = messages.map((m) => JSON.stringify({ ...m, at }));
      if (audits.length || payloads.length) {
        const orgs = await this.organisationTypes(
          manager,
          audits.flatMap((a) => [...organisationIdsIn(a.before), ...organisationIdsIn(a.after)]),
        );
        await this.audits.writeEvents(
          manager,
          actor,
          spec.operation,
          audits.map((a) => ({
            entityType: a.entityType,
            entityId: a.entityId,
            before: apiView(a.entityType, a.before, orgs),
            after: apiView(a.entityType, a.after, orgs),
            reason: a.reason ?? null,
          })),
          payloads,
        );
      }
      if (key) {
        await this.audits.writeResult(
          manager,
          actor.tokenId!,
          key,
          JSON.stringify({ value: codec ? codec.toJson(result) : result }),
        );
      }
      return { fresh: result, published: messages.length > 0 };
    });
    if ('fresh' in outcome && outcome.published) this.feed.drainSoon();
    if ('fresh' in outcome) return outcome.fresh;
    const stored = (outcome.replay as { value: unknown }).value;
    return codec ? codec.fromJson(stored) : (stored as T);
  }

  /**
   * Claims an idempotency key, or returns the stored result of the request
   * that claimed it. A concurrent request with the same key waits on the
   * first one's row lock and then sees its committed result.
   */
  private async claimKey(
    manager: EntityManager,
    tokenId: number,
    key: string,
    operation: string,
    hash: string,
  ): Promise<{ replay: unknown } | null> {
    const claim = { tokenId, key, operation, hash };
    if (await this.audits.claimKey(manager, claim)) return null;
    const first = await this.audits.readKey(manager, tokenId, key, IDEMPOTENCY_TTL_HOURS);
    // The key was claimed a moment ago, so its row is there (it is never deleted unexpired).
    if (!first || first.expired) {
      await this.audits.reclaimKey(manager, claim);
      return null;
    }
    if (first.operation !== operation || first.requestHash !== hash)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This idempotency key was already used for a different request',
        { idempotencyKey: key },
      );
    return { replay: first.result };
  }

  /** Whether each organisation is a municipality or a joint authority: one lookup, only when needed. */
  private async organisationTypes(db: Queryable, ids: number[]): Promise<OrganisationTypes> {
    if (!ids.length) return new Map();
    const kinds = await this.audits.readOrganisationKinds(db, [...new Set(ids)]);
    return new Map(
      [...kinds].map(([id, kind]) => [
        id,
        kind === 'JOINT_AUTHORITY' ? 'JointAuthority' : 'Municipality',
      ]),
    );
  }

  private async sweep(): Promise<void> {
    try {
      await this.audits.deleteExpiredKeys(IDEMPOTENCY_TTL_HOURS);
    } catch (e) {
      this.log.warn(`idempotency sweep failed: ${String(e)}`);
    }
  }
}

/** Keeps an entity result as its snapshot, for idempotent retries. */
export function entityCodec<T extends ObjectLiteral>(
  unit: UnitOfWork,
  target: EntityTarget<T>,
): ResultCodec<T> {
  return {
    toJson: (entity) => unit.snapshot(target, entity),
    fromJson: (json) => unit.revive(target, json as Record<string, unknown>),
  };
}
