import { registerEnumType } from '@nestjs/graphql';
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
import { Source } from '../common/source.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Programme } from '../programmes/programme.entity';
import { Topic } from '../topics/topic.entity';

export enum ProjectCategory {
  /** Electronic services, electronic communication and participation. */
  E_SERVICES = 'E_SERVICES',
  OTHER = 'OTHER',
}
registerEnumType(ProjectCategory, {
  name: 'ProjectCategory',
  valuesMap: {
    E_SERVICES: { description: 'Electronic services, electronic communication and participation.' },
    OTHER: { description: 'Other projects.' },
  },
});

export enum ProjectStatus {
  GRANTED = 'GRANTED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  valuesMap: {
    GRANTED: { description: 'A grant was decided; nothing later is recorded.' },
    ACTIVE: { description: 'Work is under way.' },
    COMPLETED: { description: 'Finished and reported.' },
    WITHDRAWN: { description: 'Given up or the grant was cancelled.' },
  },
});

export enum ParticipantRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
}
registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

@Entity()
@Unique('project_list_position_key', ['programmeId', 'category', 'listPosition'])
@Check('project_grant_non_negative', `grant_eur IS NULL OR grant_eur >= 0`)
@Check('project_dates_ordered', `start_date IS NULL OR end_date IS NULL OR start_date <= end_date`)
// Full-text search over the titles (Swedish, Finnish, English); made in a migration.
@Index('project_search_idx', { synchronize: false })
export class Project {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  programmeId: number;

  @ManyToOne(() => Programme)
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Column({ type: 'enum', enum: ProjectCategory, enumName: 'project_category' })
  category: ProjectCategory;

  /** Position in the published list of the category; null for projects not from a list. */
  @Column({ type: 'integer', nullable: true })
  listPosition: number | null;

  /** Swedish title exactly as published. */
  @Column({ type: 'text' }) titleSv: string;
  @Column({ type: 'text', nullable: true }) titleFi: string | null;
  @Column({ type: 'text', nullable: true }) titleEn: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;

  @Index()
  @Column({ type: 'enum', enum: ProjectStatus, enumName: 'project_status', default: ProjectStatus.GRANTED })
  status: ProjectStatus;

  @Column({ type: 'date', nullable: true }) startDate: string | null;
  @Column({ type: 'date', nullable: true }) endDate: string | null;

  /** Grant in euros; null when unknown. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true }) grantEur: string | null;

  /** The source gives the grant as "at most" this amount. */
  @Column({ type: 'boolean', default: false }) grantIsMaximum: boolean;

  /** False while only some participants (e.g. just the lead) are known. */
  @Column({ type: 'boolean', default: false }) participantsKnown: boolean;

  /** fact name -> source key */
  @Column({ type: 'jsonb', default: () => `'{}'` }) provenance: Record<string, string>;

  @VersionColumn({ default: 1 }) version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** An organisation taking part in a project. */
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
