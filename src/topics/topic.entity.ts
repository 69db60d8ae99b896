import { Field, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Source } from '../sources/source.entity';

@ObjectType({
  implements: () => [Node],
  description: 'A topic of the editorial taxonomy (fi/sv/en).',
})
@Entity()
// Names and descriptions in fi/sv/en, each stemmed in its language (project search); made in a migration.
@Index('topic_search_idx', { synchronize: false })
export class Topic {
  get __typename(): string {
    return 'Topic';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'Stable key, e.g. "knowledge-based-management".' })
  @Index('topic_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  @Field() @Column({ type: 'text' }) nameFi: string;
  @Field() @Column({ type: 'text' }) nameSv: string;
  @Field() @Column({ type: 'text' }) nameEn: string;
  @Field(() => String, { nullable: true, description: 'In English; null when none is written.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;
  @Field(() => String, { nullable: true, description: 'The description in Finnish.' })
  @Column({ type: 'text', nullable: true })
  descriptionFi: string | null;
  @Field(() => String, { nullable: true, description: 'The description in Swedish.' })
  @Column({ type: 'text', nullable: true })
  descriptionSv: string | null;

  @Column({ type: 'text' })
  sourceKey: string;

  @Field({
    description: 'Made by the synthetic-network generator; not part of the editorial taxonomy.',
  })
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}
