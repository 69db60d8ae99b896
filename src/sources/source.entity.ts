import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A document or page that a fact in the database comes from. */
@ObjectType({ description: 'A document or page that facts in this database come from.' })
@Entity()
export class Source {
  @Field({ description: 'Stable key, as used in data/sources.csv.' })
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Null where the source is a document without a known address.',
  })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date, where known.' })
  @Column({ type: 'date', nullable: true })
  publishedOn: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}

@ObjectType({ description: 'Which source a fact comes from.' })
export class FactProvenance {
  @Field({ description: 'The fact, named like the field that holds it, e.g. "titleSv".' })
  fact: string;

  @Field(() => Source)
  source: Source;
}
