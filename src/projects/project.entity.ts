import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Source } from '../sources/source.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Programme } from '../programmes/programme.entity';
import { Topic } from '../topics/topic.entity';
import { ParticipantRole, ProjectCategory, ProjectStatus } from './project.enums';

export { ParticipantRole, ProjectCategory, ProjectStatus };

registerEnumType(ProjectCategory, {
  name: 'ProjectCategory',
  valuesMap: {
    E_SERVICES: { description: 'Electronic services, electronic communication and participation.' },
    OTHER: { description: 'Other projects.' },
    UNCATEGORISED: { description: "The programme's published list has no categories." },
  },
});

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  valuesMap: {
    GRANTED: { description: 'A grant was decided; nothing later is recorded.' },
    ACTIVE: { description: 'Work is under way.' },
    COMPLETED: { description: 'Finished and reported.' },
    WITHDRAWN: { description: 'Given up or the grant was cancelled.' },
  },
});

registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

@ObjectType({
  implements: () => [Node],
  description: 'A joint project of municipalities or joint authorities.',
})
@Entity()
@Unique('project_list_position_key', ['programmeId', 'category', 'listPosition'])
@Check('project_grant_non_negative', `grant_eur IS NULL OR grant_eur >= 0`)
@Check('project_dates_ordered', `start_date IS NULL OR end_date IS NULL OR start_date <= end_date`)
// Full-text search over the titles (Swedish, Finnish, English); made in a migration.
@Index('project_search_idx', { synchronize: false })
// Trigram neighbours of a title (similarProjects); made in a migration.
@Index('project_title_trgm_idx', { synchronize: false })
export class Project {
  get __typename(): string {
    return 'Project';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  programmeId: number;

  @ManyToOne(() => Programme)
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Field(() => ProjectCategory)
  @Column({ type: 'enum', enum: ProjectCategory, enumName: 'project_category' })
  category: ProjectCategory;

  /** Position in the published list of the category; null for projects not from a list. */
  @Field(() => Int, {
    nullable: true,
    description: 'Position in the published list of its category.',
  })
  @Column({ type: 'integer', nullable: true })
  listPosition: number | null;

  /** Swedish title exactly as published; null where no source gives one. */
  @Field(() => String, {
    nullable: true,
    description: 'Swedish title exactly as published; null where no source gives it.',
  })
  @Column({ type: 'text', nullable: true })
  titleSv: string | null;
  @Field(() => String, { nullable: true, description: 'Null until known.' })
  @Column({ type: 'text', nullable: true })
  titleFi: string | null;
  @Field(() => String, { nullable: true, description: 'Null until known.' })
  @Column({ type: 'text', nullable: true })
  titleEn: string | null;
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => ProjectStatus)
  @Index()
  @Column({
    type: 'enum',
    enum: ProjectStatus,
    enumName: 'project_status',
    default: ProjectStatus.GRANTED,
  })
  status: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'ISO date; null when unknown.' })
  @Column({ type: 'date', nullable: true })
  startDate: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date; null when unknown.' })
  @Column({ type: 'date', nullable: true })
  endDate: string | null;
  /** The period in the source's own precision, e.g. "3/2020–11/2021". */
  @Field(() => String, {
    nullable: true,
    description:
      'The project period as the source gives it, e.g. "3/2020–11/2021"; startDate/endDate are set only where it names a month (first/last day of it).',
  })
  @Column({ type: 'text', nullable: true })
  period: string | null;

  /** The row's key in data/projects.csv, for projects loaded from data/; null otherwise. */
  @Index('project_dataset_key_key', { unique: true })
  @Column({ type: 'text', nullable: true })
  datasetKey: string | null;

  /** Grant in euros; null when unknown. */
  @Field(() => Float, {
    nullable: true,
    description: 'Grant in euros; null when unknown (see grantKnown).',
  })
  @Column({
    type: 'numeric',
    precision: 12,
    scale: 2,
    nullable: true,
    transformer: {
      to: (v: unknown) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  })
  grantEur: number | null;

  /** The source gives the grant as "at most" this amount. */
  @Field({ description: 'The source gives the grant as "at most" grantEur.' })
  @Column({ type: 'boolean', default: false })
  grantIsMaximum: boolean;

  /** False while only some participants (e.g. just the lead) are known. */
  @Field({
    description:
      'False while only some participants (often just the lead) are known from a source.',
  })
  @Column({ type: 'boolean', default: false })
  participantsKnown: boolean;

  /** fact name -> source key */
  @Column({ type: 'jsonb', default: () => `'{}'` }) provenance: Record<string, string>;

  @Field({
    description:
      'Made by the synthetic-network generator for benchmarks and demos; not a real project.',
  })
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  /** Why an administrator let the end date pass the programme's completion deadline. */
  @Field(() => String, {
    nullable: true,
    description: "Why an administrator let endDate pass the programme's completion deadline.",
  })
  @Column({ type: 'text', nullable: true })
  deadlineOverrideReason: string | null;

  @Field(() => Int, { description: 'Incremented on every change; send it back to update.' })
  @VersionColumn({ default: 1 })
  version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;

  @Field({ description: 'True when the grant amount is known.' })
  get grantKnown(): boolean {
    return this.grantEur !== null;
  }
}

/** An organisation taking part in a project. */
@ObjectType('Participant', {
  description: 'An organisation taking part in a project, with its role.',
})
@Entity()
// One lead per project; made in a migration as a partial unique index.
@Index('participation_one_lead_idx', { synchronize: false })
// Graph traversals go organisation -> project as often as project -> organisation.
@Index('participation_organisation_project_idx', ['organisationId', 'projectId'])
export class Participation {
  @Column({ primary: true, type: 'integer' })
  projectId: number;

  @Column({ primary: true, type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Field(() => ParticipantRole)
  @Column({ type: 'enum', enum: ParticipantRole, enumName: 'participant_role' })
  role: ParticipantRole;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}

@Entity()
@Index('project_topic_topic_project_idx', ['topicId', 'projectId'])
export class ProjectTopic {
  @Column({ primary: true, type: 'integer' })
  projectId: number;

  @Column({ primary: true, type: 'integer' })
  topicId: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @ManyToOne(() => Topic)
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;

  /** Topic weight in [0,1]; 1 for a main topic. Used by the similarity score. */
  @Column({ type: 'real', default: 1 })
  weight: number;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}
