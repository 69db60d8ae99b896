import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../common/node.interface';

/**
 * A funding round. Its rules are data (minimum participants, deadline, grant
 * share, duties), so a later round with other rules is just another row.
 */
@ObjectType({ implements: () => [Node], description: 'A funding round and its rules.' })
@Entity()
export class Programme {
  get __typename(): string {
    return 'Programme';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'Stable code, e.g. "vm-digi-joint-2019".' })
  @Index('programme_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Field() @Column({ type: 'text' }) nameFi: string;
  @Field() @Column({ type: 'text' }) nameSv: string;
  @Field() @Column({ type: 'text' }) nameEn: string;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  @Column({ type: 'date', nullable: true })
  callOpenedOn: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date.' })
  @Column({ type: 'date', nullable: true })
  callClosedOn: string | null;
  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  decidedYear: number | null;
  @Field(() => Int, { nullable: true, description: 'Null when not published.' })
  @Column({ type: 'integer', nullable: true })
  applicationsReceived: number | null;
  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  projectsGranted: number | null;

  /** Projects must be completed by this date. */
  @Field({ description: 'ISO date by which projects must be completed.' })
  @Column({ type: 'date' })
  completionDeadline: string;

  /** Fewest participating organisations (municipalities or joint authorities) a project may have. */
  @Field(() => Int, { description: 'Fewest participating organisations a project may have.' })
  @Column({ type: 'integer' })
  minParticipants: number;

  /** Largest share of eligible costs the grant may cover, e.g. 0.85. */
  @Field(() => Float, {
    nullable: true,
    description: 'Largest share of eligible costs a grant may cover, e.g. 0.85.',
  })
  @Column({
    type: 'numeric',
    precision: 4,
    scale: 3,
    nullable: true,
    transformer: {
      to: (v: unknown) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  })
  maxGrantShare: number | null;

  /** Applicants must build on work already done elsewhere. */
  @Field({ description: 'Applicants must build on work already done elsewhere.' })
  @Column({ type: 'boolean' })
  reuseDuty: boolean;

  /** Grantees commit to cooperating with similar projects. */
  @Field({ description: 'Grantees commit to cooperating with similar projects.' })
  @Column({ type: 'boolean' })
  cooperationDuty: boolean;

  /** fact name -> source key */
  @Column({ type: 'jsonb', default: () => `'{}'` }) provenance: Record<string, string>;

  @Field({
    description:
      'Made by the synthetic-network generator for benchmarks and demos; not a real programme.',
  })
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;
}
