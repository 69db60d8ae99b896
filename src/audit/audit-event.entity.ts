import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from '../common/json-object.scalar';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ActorRole } from '../auth/auth.enums';

/**
 * One successful change, written in the transaction that made it: a failed
 * mutation leaves no row. `before` is null for a creation, `after` for a removal.
 */
@ObjectType({ description: 'One change made through the API: who, when, what, before and after.' })
@Entity()
@Index('audit_event_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_event_actor_idx', ['actorTokenId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Field({ description: 'When the transaction that made the change started.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** Null for changes made by a command-line tool (e.g. the CSV import). */
  @Column({ type: 'integer', nullable: true })
  actorTokenId: number | null;

  @Field({ description: 'The token holder, or "cli:<user>" for a command-line import.' })
  @Column({ type: 'text' })
  actorName: string;

  @Field(() => ActorRole)
  @Column({ type: 'enum', enum: ActorRole, enumName: 'actor_role' })
  actorRole: ActorRole;

  @Field({ description: 'The mutation, e.g. "recordCommitment".' })
  @Column({ type: 'text' })
  operation: string;

  @Field({ description: 'The GraphQL type of the changed object, e.g. "CooperationCommitment".' })
  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'integer' })
  entityId: number;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The object before; null when created.',
  })
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The object after; null when removed.',
  })
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why, where a rule needed a reason (e.g. a deadline override).',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

/**
 * A mutation's idempotency key and its first result. A retry with the same key
 * (from the same token) gets that result back and writes nothing.
 */
@Entity()
export class IdempotencyRecord {
  @Column({ primary: true, type: 'integer' })
  tokenId: number;

  @Column({ primary: true, type: 'text' })
  key: string;

  @Column({ type: 'text' })
  operation: string;

  /** SHA-256 of the operation and its input: the same key with other input is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Index()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
