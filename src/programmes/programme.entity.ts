import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../common/node.interface';

const NUMERIC = {
  to: (v: unknown) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

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
  @Field(() => String, {
    nullable: true,
    description: 'ISO date of the grant decision; null where only the year is known.',
  })
  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;
  @Field(() => Int, { nullable: true, description: 'Null when not published.' })
  @Column({ type: 'integer', nullable: true })
  applicationsReceived: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Projects granted, as published; null when not published. See projectsKnown.',
  })
  @Column({ type: 'integer', nullable: true })
  projectsGranted: number | null;

  /** False where the sources name only some of the granted projects. */
  @Field({
    description:
      'False when the data lists only part of the granted projects (projectsKnown of projectsGranted); figures that count its projects are then lower bounds.',
  })
  @Column({ type: 'boolean', default: true })
  projectListComplete: boolean;

  /** The appropriation the call could grant from, in euros. */
  @Field(() => Float, {
    nullable: true,
    description: 'Money available to the call, in euros; null when not published.',
  })
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: NUMERIC })
  budgetEur: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Total granted, in euros, as published; null when not published.',
  })
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: NUMERIC })
  grantedTotalEur: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Themes the call funded, as its call text names them (in English); null when not known.',
  })
  @Column({ type: 'text', array: true, nullable: true })
  themes: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'What the call text excludes from funding (in English); null when not known.',
  })
  @Column({ type: 'text', array: true, nullable: true })
  exclusions: string[] | null;

  /** Projects must be completed by this date. */
  @Field(() => String, {
    nullable: true,
    description: 'ISO date by which projects must be completed; null when not published.',
  })
  @Column({ type: 'date', nullable: true })
  completionDeadline: string | null;

  /** Fewest participating organisations (municipalities or joint authorities) a project may have. */
  @Field(() => Int, {
    nullable: true,
    description:
      'Fewest participating organisations a project may have (1: single municipalities could apply); null when no source states the rule.',
  })
  @Column({ type: 'integer', nullable: true })
  minParticipants: number | null;

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
    transformer: NUMERIC,
  })
  maxGrantShare: number | null;

  /** Applicants must build on work already done elsewhere. */
  @Field(() => Boolean, {
    nullable: true,
    description: 'Applicants must build on work already done elsewhere; null when not known.',
  })
  @Column({ type: 'boolean', nullable: true })
  reuseDuty: boolean | null;

  /** Grantees commit to cooperating with similar projects. */
  @Field(() => Boolean, {
    nullable: true,
    description: 'Grantees commit to cooperating with similar projects; null when not known.',
  })
  @Column({ type: 'boolean', nullable: true })
  cooperationDuty: boolean | null;

  /** fact name -> source key */
  @Column({ type: 'jsonb', default: () => `'{}'` }) provenance: Record<string, string>;

  @Field({
    description:
      'Made by the synthetic-network generator for benchmarks and demos; not a real programme.',
  })
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;
}
