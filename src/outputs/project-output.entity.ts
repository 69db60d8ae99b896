import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Source } from '../sources/source.entity';
import { Project } from '../projects/project.entity';

/** Something a project built that other municipalities can look at or reuse, as a source reports it. */
@ObjectType({
  description:
    'What a project built (a system, a published model, a service), as a source reports it. Reuse by others is recorded separately, as reuse links.',
})
@Entity()
@Index('project_output_project_idx', ['projectId', 'position'])
export class ProjectOutput {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  projectId: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** Order within the project, as listed in data/project-outputs.csv. */
  @Column({ type: 'integer', default: 1 })
  position: number;

  @Field({ description: 'Short English name of the output.' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true, description: 'What it is, in English.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where it is published, when the source names a place (e.g. yhteentoimiva.suomi.fi); null otherwise.',
  })
  @Column({ type: 'text', nullable: true })
  publishedAt: string | null;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}
