import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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
import { Project } from '../projects/project.entity';
import { CommitmentKind, CommitmentProvenance, CommitmentStatus } from './cooperation.enums';

export { CommitmentKind, CommitmentProvenance, CommitmentStatus };

registerEnumType(CommitmentKind, { name: 'CommitmentKind' });

registerEnumType(CommitmentStatus, { name: 'CommitmentStatus' });

registerEnumType(CommitmentProvenance, {
  name: 'CommitmentProvenance',
  valuesMap: {
    DECLARED: { description: 'Recorded by a municipal project coordinator.' },
    VERIFIED: { description: 'Recorded or checked by a ministry administrator.' },
    INFERRED: { description: 'Derived from a source document, not stated by the projects.' },
  },
});

/**
 * A commitment of two projects to cooperate. The pair is stored in order
 * (project_a_id < project_b_id) so that (A,B) and (B,A) are the same row,
 * and there is one commitment per pair and kind.
 */
@ObjectType({ implements: () => [Node], description: 'A commitment of two projects to cooperate.' })
@Entity()
@Unique('cooperation_commitment_pair_kind_key', ['projectAId', 'projectBId', 'kind'])
@Check('cooperation_commitment_ordered_pair', `project_a_id < project_b_id`)
export class CooperationCommitment {
  get __typename(): string {
    return 'CooperationCommitment';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  projectAId: number;

  @Index()
  @Column({ type: 'integer' })
  projectBId: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_a_id' })
  projectA?: Project;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_b_id' })
  projectB?: Project;

  @Field(() => CommitmentKind)
  @Column({ type: 'enum', enum: CommitmentKind, enumName: 'commitment_kind' })
  kind: CommitmentKind;

  @Field(() => CommitmentStatus)
  @Column({
    type: 'enum',
    enum: CommitmentStatus,
    enumName: 'commitment_status',
    default: CommitmentStatus.PROPOSED,
  })
  status: CommitmentStatus;

  @Field(() => CommitmentProvenance)
  @Column({ type: 'enum', enum: CommitmentProvenance, enumName: 'commitment_provenance' })
  provenance: CommitmentProvenance;

  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) note:
    string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) evidenceUrl:
    string | null;
  @Field(() => String, { nullable: true, description: 'ISO date of the commitment.' })
  @Column({ type: 'date', nullable: true })
  committedOn: string | null;

  @Field(() => Date, { nullable: true, description: 'When an administrator verified it.' })
  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The administrator who verified it.' })
  @Column({ type: 'text', nullable: true })
  verifiedBy: string | null;

  @Field(() => Int, { description: 'Incremented on every change; send it back to change it.' })
  @VersionColumn({ default: 1 })
  version: number;
  @Field() @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Field() @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One step in a commitment's status history; the first row is its recording. */
@ObjectType({ description: "One step in a commitment's status history." })
@Entity()
@Index('commitment_status_change_commitment_idx', ['commitmentId', 'id'])
export class CommitmentStatusChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => CooperationCommitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CooperationCommitment;

  @Field(() => CommitmentStatus, { nullable: true, description: 'Null for the recording.' })
  @Column({ type: 'enum', enum: CommitmentStatus, enumName: 'commitment_status', nullable: true })
  fromStatus: CommitmentStatus | null;

  @Field(() => CommitmentStatus)
  @Column({ type: 'enum', enum: CommitmentStatus, enumName: 'commitment_status' })
  toStatus: CommitmentStatus;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;

  @Field({ description: 'Who made the change (the token holder).' })
  @Column({ type: 'text' })
  changedBy: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}

/** A project builds on an earlier project, or on an output named by title or URL. */
@ObjectType({
  implements: () => [Node],
  description: 'A project builds on an earlier project or output.',
})
@Entity()
@Check('reuse_link_has_origin', `source_project_id IS NOT NULL OR source_output IS NOT NULL`)
@Check('reuse_link_not_self', `source_project_id IS NULL OR source_project_id <> project_id`)
export class ReuseLink {
  get __typename(): string {
    return 'ReuseLink';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: 'integer' })
  projectId: number;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Index()
  @Column({ type: 'integer', nullable: true })
  sourceProjectId: number | null;

  @ManyToOne(() => Project, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'source_project_id' })
  sourceProject?: Project | null;

  /** Name or URL of the reused output when it is not a project here. */
  @Field(() => String, {
    nullable: true,
    description: 'Name or URL of the reused output when it is not a project here.',
  })
  @Column({ type: 'text', nullable: true })
  sourceOutput: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description:
    string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) evidenceUrl:
    string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
